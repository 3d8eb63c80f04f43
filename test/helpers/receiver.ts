import http from 'node:http';
import { freePort } from '../../src/free-port';

/** A request the receiver saw. */
export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers a request with; null leaves it unanswered (a hung server). */
export type Answer = (
  request: Received,
  seen: readonly Received[],
) => { status: number; body?: string } | null;

/** A local HTTP server standing in for an external system: records requests, answers by `answer`. */
export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  /** The requests whose path starts with `prefix`. */
  to(prefix: string): Received[];
  close(): Promise<void>;
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startReceiver(answer: Answer): Promise<Receiver> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const seen = requests.filter((r) => r.path === received.path);
      requests.push(received);
      const answered = answer(received, seen);
      if (answered === null) return;
      res.writeHead(answered.status, { 'content-type': 'application/json' });
      res.end(answered.body ?? '');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    to: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
