import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { RegisteredRoute } from '../helpers/routes';
import { pickOf, type FuzzWorld } from './fuzz-world';
import type { AuthSpec, EncodingSpec } from './header-arbitraries';
import { jsonText, mutate, type FuzzJson } from './json-mutation';
import type { RequestSpec } from './request-spec';
import { VALID_BODIES } from './route-bodies';

// The credential as headers: Authorization in several spellings, or a session cookie.
function authorization(auth: AuthSpec, world: FuzzWorld): [string, string][] {
  switch (auth.kind) {
    case 'none':
    case 'pending':
      return [];
    case 'raw':
      return [['authorization', auth.value]];
    case 'revoked':
      return [['authorization', `Bearer ${world.revokedKey}`]];
    case 'session':
      return world.sessions.length === 0
        ? []
        : [['cookie', `plainflow_session=${pickOf(world.sessions, auth.pick)}`]];
    case 'key': {
      const key = world.keys[auth.persona];
      const styles: [string, string][][] = [
        [['authorization', `Bearer ${key}`]],
        [['authorization', `bearer ${key}`]],
        [['authorization', `Bearer \t${key} `]],
        [['authorization', `Bearer ${key} extra`]],
        [
          ['authorization', `Bearer ${key}`],
          ['authorization', 'Bearer pf_other'],
        ],
        [['authorization', `BEARER ${key}`]],
        [
          ['authorization', `Bearer ${key}`],
          ['cookie', 'plainflow_session=garbage'],
        ],
      ];
      return pickOf(styles, auth.style);
    }
  }
}

/** The headers of `spec` but Content-Encoding: credential, type, Idempotency-Key, extras. */
export function headersOf(
  spec: RequestSpec,
  world: FuzzWorld,
  hasBody: boolean,
): [string, string][] {
  const headers = authorization(spec.auth, world);
  if (spec.contentType !== null && (hasBody || spec.route % 7 === 0)) {
    headers.push(['content-type', spec.contentType]);
  }
  if (spec.idempotencyKey !== null) headers.push(['idempotency-key', spec.idempotencyKey]);
  headers.push(...spec.extraHeaders);
  return headers;
}

/** The body of `spec` for `route`, as bytes in the charset its Content-Type names. */
export function bodyBytes(
  spec: RequestSpec,
  route: RegisteredRoute,
  world: FuzzWorld,
  params: Record<string, string | undefined>,
): Buffer | undefined {
  const { body } = spec;
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'bytes':
      return Buffer.from(body.bytes);
    case 'text':
      return textBytes(body.text, spec.contentType);
    case 'value':
      return textBytes(jsonText(body.value), spec.contentType);
    case 'valid': {
      const valid = VALID_BODIES[`${route.method} ${route.path}`]?.({
        world,
        params,
        variant: body.variant,
      });
      if (valid === undefined && body.mutations.length === 0) return undefined;
      const mutated = body.mutations.reduce<FuzzJson>((value, m) => mutate(value, m), valid ?? {});
      return textBytes(jsonText(mutated), spec.contentType);
    }
  }
}

// The body in the charset its Content-Type names, so that a UTF-16 body is really UTF-16.
function textBytes(text: string, contentType: string | null): Buffer {
  const charset = /charset="?([^";]*)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset === 'utf-16le' || charset === 'utf-16') return Buffer.from(text, 'utf16le');
  if (charset === 'latin1' || charset === 'iso-8859-1') return Buffer.from(text, 'latin1');
  return Buffer.from(text, 'utf8');
}

/** The body as sent, and the Content-Encoding to claim (null: an unknown name, undefined: none). */
export function encoded(
  bytes: Buffer,
  encoding: EncodingSpec,
  world: FuzzWorld,
): { bytes: Buffer; header?: string | null } {
  switch (encoding) {
    case 'none':
      return { bytes };
    case 'identity':
      return { bytes, header: 'identity' };
    case 'gzip':
      return { bytes: gzipSync(bytes), header: 'gzip' };
    case 'deflate':
      return { bytes: deflateSync(bytes), header: 'deflate' };
    case 'br':
      return { bytes: brotliCompressSync(bytes), header: 'br' };
    case 'gzip-twice':
      return { bytes: gzipSync(gzipSync(bytes)), header: 'gzip, gzip' };
    case 'gzip-garbage':
      return {
        bytes: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), bytes]),
        header: 'gzip',
      };
    case 'gzip-truncated': {
      const zipped = gzipSync(bytes);
      return { bytes: zipped.subarray(0, Math.max(1, zipped.length >> 1)), header: 'gzip' };
    }
    case 'gzip-claimed':
      return { bytes, header: 'gzip' };
    case 'bomb':
      return { bytes: world.gzipBomb, header: 'gzip' };
    case 'unknown':
      return { bytes, header: null };
  }
}
