/**
 * A standalone server in a process of its own, for tests that need several servers on one
 * database: config as JSON in WAGW_TEST_SERVER_CONFIG; prints `{ url, apiKey? }` on its first line.
 */
import type { ConfigInput } from '../config/config-schema.js';
import { startStandalone } from '../standalone.js';

const config = JSON.parse(process.env.WAGW_TEST_SERVER_CONFIG ?? '{}') as ConfigInput;
const server = await startStandalone(config);
process.stdout.write(`${JSON.stringify({ url: server.url, apiKey: server.admin.apiKey })}\n`);
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
