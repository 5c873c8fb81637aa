import { Gateway, parseConfig, wagwPlugin, wagwServerOptions } from '@wagw/server';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * Your own fastify app, with the wagw API mounted under /wa next to your routes. The gateway is
 * opened and closed with the app; its error handling and schemas stay inside the /wa scope.
 * `wagwServerOptions` (optional) gives requests wagw's ids, logged as returned, the one error
 * shape to requests refused before routing, and a start-up in about a second instead of several
 * (response serializers built from only the shared schemas they use).
 */
export async function buildApp(options: {
  dataDir: string;
}): Promise<{ app: FastifyInstance; gateway: Gateway }> {
  const gateway = await Gateway.open(parseConfig({ dataDir: options.dataDir, logLevel: 'warn' }));
  const app = Fastify({ ...wagwServerOptions });

  app.get('/', async () => ({ hello: 'this is my app; wagw lives under /wa' }));
  await app.register(wagwPlugin, { gateway, prefix: '/wa' });

  app.addHook('onClose', async () => gateway.close());
  await app.ready();
  await gateway.start();
  return { app, gateway };
}
