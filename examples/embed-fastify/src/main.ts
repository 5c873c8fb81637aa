import { buildApp } from './build-app.js';

const { app, gateway } = await buildApp({ dataDir: process.env.WAGW_DATA_DIR ?? './.wagw-embedded' });
const admin = await gateway.tenants.initAdmin();
if (admin.apiKey) console.log(`admin API key (shown once): ${admin.apiKey}`);
const url = await app.listen({ port: Number(process.env.PORT ?? 3100) });
console.log(`my app on ${url}; wagw API on ${url}/wa/v1, docs on ${url}/wa/docs`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close());
