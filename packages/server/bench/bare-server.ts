import Fastify from 'fastify';

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
        body: {
          type: 'object',
          required: ['type', 'to', 'text'],
          additionalProperties: false,
          properties: {
            type: { const: 'text' },
            to: { type: 'string', minLength: 1, maxLength: 32 },
            text: { type: 'string', minLength: 1, maxLength: 65536 },
          },
        },
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
