import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded answer of the model server: a completion, or an HTTP error, after an optional delay. */
export interface RecordedReply {
  /** The assistant's content (a JSON text, or anything for a malformed answer). */
  content?: string;
  refusal?: string;
  finishReason?: 'stop' | 'length' | 'content_filter';
  /** An HTTP error status instead of a completion. */
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  usage?: { prompt: number; completion: number };
}

/** A Chat Completions request the server received. */
export interface ReceivedRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; messages: { role: string; content: string }[]; response_format?: unknown };
}

export interface ModelServer {
  /** The base URL to give the client (`…/v1`). */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });

/**
 * A local HTTP server that speaks OpenAI's Chat Completions protocol on loopback and answers each
 * request with the next of `replies` (the last one again once they run out), so that the real
 * client path runs: HTTP, retries, timeouts, parsing.
 */
export async function startModelServer(replies: RecordedReply[]): Promise<ModelServer> {
  const requests: ReceivedRequest[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = JSON.parse(await read(req)) as ReceivedRequest['body'];
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      const reply = replies[Math.min(next, replies.length - 1)]!;
      next += 1;
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) return;
      if (reply.status !== undefined) {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify({ error: { message: `recorded ${reply.status}`, type: 'error' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${next}`,
          object: 'chat.completion',
          created: 1_796_000_000,
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: reply.refusal ? null : (reply.content ?? ''),
                refusal: reply.refusal ?? null,
              },
              finish_reason: reply.finishReason ?? 'stop',
            },
          ],
          usage: {
            prompt_tokens: reply.usage?.prompt ?? 1000,
            completion_tokens: reply.usage?.completion ?? 200,
            total_tokens: (reply.usage?.prompt ?? 1000) + (reply.usage?.completion ?? 200),
          },
        }),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
