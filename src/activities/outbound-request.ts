import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { onAllowList } from './destinations';
import { nonPublicRange } from './outbound-address';

/** Looks a host name up: every address it has. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/** Where outbound requests may go: allow-listed URL prefixes reach any address, the rest public ones. */
export interface OutboundPolicy {
  /** The operator's `PLAINFLOW_CALL_ALLOWLIST` prefixes. */
  allowList: readonly string[];
  /** Default: the system resolver (`dns.lookup`). */
  resolve?: Resolve;
}

/** A request to send; redirects in its answer are never followed. */
export interface OutboundRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange, name lookup included. */
  timeoutMs: number;
  /** How much of the answer's body to read; the rest is dropped unread. */
  maxBodyChars: number;
}

/** The answer: its status and the start of its body. */
export interface OutboundResponse {
  status: number;
  body: string;
}

/** Why a destination was not contacted. */
export interface OutboundRefusal {
  refused: string;
}

/** The addresses a request may connect to, or why there are none. */
export type CheckedAddresses = { addresses: LookupAddress[] } | OutboundRefusal;

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/**
 * Looks the URL's host up once and checks every address it has: a URL outside the allow-list is
 * refused if any of them is not public, since the connection may use any of them. Lookup
 * failures are thrown (a later attempt may succeed), refusals returned.
 */
export async function checkOutboundAddresses(
  url: URL,
  policy: OutboundPolicy,
): Promise<CheckedAddresses> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { refused: `${url.protocol} URLs are not called, only http and https` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(host);
  const addresses =
    family === 0 ? await (policy.resolve ?? systemResolve)(host) : [{ address: host, family }];
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  if (onAllowList(url, policy.allowList)) return { addresses };
  for (const { address } of addresses) {
    const range = nonPublicRange(address);
    if (range === undefined) continue;
    const where = address === host ? address : `${host} (${address})`;
    return {
      refused: `${where} is not a public address (${range}); only URLs under PLAINFLOW_CALL_ALLOWLIST may reach it`,
    };
  }
  return { addresses };
}

/**
 * Sends a request to `url` unless `checkOutboundAddresses` refuses it, connecting only to the
 * addresses it checked (no second lookup a changed DNS answer could slip through). Network
 * errors and timeouts are thrown; the timeout's message is `no answer within <n>ms`.
 */
export async function sendOutbound(
  url: URL,
  request: OutboundRequest,
  policy: OutboundPolicy,
): Promise<OutboundResponse | OutboundRefusal> {
  const deadline = AbortSignal.timeout(request.timeoutMs);
  try {
    const checked = await Promise.race([
      checkOutboundAddresses(url, policy),
      whenAborted(deadline),
    ]);
    if ('refused' in checked) return checked;
    return await exchange(url, checked.addresses, request, deadline);
  } catch (error) {
    if (deadline.aborted) throw new Error(`no answer within ${request.timeoutMs}ms`);
    throw error;
  }
}

function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

function exchange(
  url: URL,
  addresses: readonly LookupAddress[],
  request: OutboundRequest,
  signal: AbortSignal,
): Promise<OutboundResponse> {
  const headers: Record<string, string> = { 'User-Agent': 'plainflow', ...request.headers };
  if (request.body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(request.body));
  }
  // A UTF-8 character takes at most 4 bytes; the extra 4 cover one cut off at the end.
  const maxBytes = request.maxBodyChars * 4 + 4;
  return new Promise((resolve, reject) => {
    const outgoing = (url.protocol === 'https:' ? https : http).request(
      url,
      // No shared agent: a pooled connection would skip this request's own address check.
      { method: request.method, headers, agent: false, signal, lookup: pinned(addresses) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          response.destroy();
          const body = Buffer.concat(chunks).toString('utf8').slice(0, request.maxBodyChars);
          resolve({ status: response.statusCode ?? 0, body });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= maxBytes) done();
        });
        response.on('end', done);
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** A lookup that answers every name with the checked addresses (of the family asked for). */
function pinned(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const wanted = addresses.filter((a) => !family || a.family === family);
    const first = wanted[0];
    if (options.all) callback(null, wanted);
    else if (first) callback(null, first.address, first.family);
    else callback(new Error('no checked address of the family asked for'), '');
  };
}
