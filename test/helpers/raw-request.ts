import http from 'node:http';

/**
 * An HTTP request as it goes on the wire: the path is sent as given, headers may repeat (over
 * node:http, a value with characters past U+00FF is sent as its UTF-8 bytes).
 */
export interface RawRequest {
  method: string;
  /** The request target, not normalised: `..`, `%zz` and `//` reach the server as written. */
  path: string;
  headers: [name: string, value: string][];
  body?: Buffer;
  /** `http`: node:http, the path verbatim; `fetch`: undici, the path as the URL parser makes it. */
  transport: 'http' | 'fetch';
  /** node:http only: send the body chunked, without a Content-Length. */
  chunked?: boolean;
}

/** What came back: status, headers (lower-case names) and the whole body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  ms: number;
}

/** The client refused to send the request (a header value with a NUL, a path with a space). */
export class NotSendable extends Error {
  override name = 'NotSendable';
}

/** The server did not answer within the time limit. */
export class NoAnswer extends Error {
  override name = 'NoAnswer';
}

/** Sends `request` to the server at `base` (`http://127.0.0.1:port`) and reads the whole answer. */
export function sendRaw(
  base: string,
  request: RawRequest,
  timeoutMs: number,
): Promise<RawResponse> {
  return request.transport === 'fetch'
    ? sendWithFetch(base, request, timeoutMs)
    : sendWithHttp(base, request, timeoutMs);
}

function sendWithHttp(base: string, request: RawRequest, timeoutMs: number): Promise<RawResponse> {
  const { hostname, port, host } = new URL(base);
  const has = (name: string) => request.headers.some(([given]) => given.toLowerCase() === name);
  // Headers given as a list get no Host from node, and a GET's body no framing: both are set
  // here, or Node's server answers 400 itself (no Host; body bytes read as the next request).
  const framing: [string, string][] =
    request.body === undefined || has('content-length') || has('transfer-encoding')
      ? []
      : request.chunked
        ? [['transfer-encoding', 'chunked']]
        : [['content-length', String(request.body.length)]];
  const headers = [
    ...(has('host') ? [] : [['host', host] as [string, string]]),
    ...request.headers.map(([name, value]): [string, string] => [name, utf8OnTheWire(value)]),
    ...framing,
  ];
  const started = Date.now();
  return new Promise<RawResponse>((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: hostname,
        port,
        method: request.method,
        path: request.path,
        headers: headers.flat(),
        agent: false,
      });
    } catch (err) {
      reject(new NotSendable(String(err)));
      return;
    }
    req.setTimeout(timeoutMs, () => {
      req.destroy(new NoAnswer(`no answer within ${timeoutMs}ms`));
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: flatHeaders(res.headers),
          body: Buffer.concat(chunks),
          ms: Date.now() - started,
        });
      });
    });
    if (request.body !== undefined && request.chunked) {
      // Written before end(), the body goes out chunked; given to end(), with a Content-Length.
      req.write(request.body);
      req.end();
    } else {
      req.end(request.body);
    }
  });
}

async function sendWithFetch(
  base: string,
  request: RawRequest,
  timeoutMs: number,
): Promise<RawResponse> {
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // By name: fetch's errors come from Node's own realm, not the test's (instanceof fails).
    const { name, message } = err as Error;
    if (name === 'TimeoutError') throw new NoAnswer(message);
    // fetch refuses what it cannot send (a NUL in a header, a body on GET) with a TypeError;
    // a failure on the wire is a TypeError too, "fetch failed" with the socket error as cause.
    if (name === 'TypeError' && message !== 'fetch failed') throw new NotSendable(message);
    throw err;
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers, body, ms: Date.now() - started };
}

// node:http writes header values as Latin-1 and refuses characters past U+00FF: a value with
// such characters goes out as its UTF-8 bytes, as a browser or curl would send it.
function utf8OnTheWire(value: string): string {
  const wide = [...value].some((char) => char.charCodeAt(0) > 0xff);
  return wide ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
