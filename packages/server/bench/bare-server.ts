import Fastify from 'fastify';
import { SEND_BODY_SCHEMA } from './send-schema.js';

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The baseline: a plain fastify app (no plugins, no logger, no hooks) with one route that validates
 * the same body as the send endpoint and answers 202 with a small JSON object.
 */
export async function startBareServer(): Promise<BareServer> {
  const app = Fastify();
  app.post(
    '/bare',
    {
      schema: {
        body: SEND_BODY_SCHEMA,
        response: {
          202: {
            type: 'object',
            properties: { id: { type: 'string' }, status: { type: 'string' } },
          },
        },
      },
    },
    async (_request, reply) => reply.status(202).send({ id: 'msg_bare', status: 'queued' }),
  );
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address}/bare`, close: () => app.close() };
}
