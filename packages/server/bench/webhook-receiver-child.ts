/**
 * The e2e bench's webhook receiver, in its own process so that it does not share the server's
 * event loop: answers every POST with 200 at once, counts events by type and records, for each
 * `message.read`, the time from the message's acceptance (`data.created_at`) to the webhook's
 * arrival. The parent asks for the tally over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceiverTally {
  byType: Record<string, number>;
  lastAt: number;
  readLatenciesMs: number[];
}

const tally: ReceiverTally = { byType: {}, lastAt: 0, readLatenciesMs: [] };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200).end();
    const now = Date.now();
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      type: string;
      data: { created_at?: string };
    };
    tally.byType[event.type] = (tally.byType[event.type] ?? 0) + 1;
    tally.lastAt = now;
    if (event.type === 'message.read' && event.data.created_at) {
      tally.readLatenciesMs.push(now - Date.parse(event.data.created_at));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (request: { op: 'tally' | 'stop' }) => {
  if (request.op === 'tally') process.send?.({ tally });
  else server.close(() => process.exit(0));
});
