/**
 * Run `pnpm wagw serve` first, then:
 *   WAGW_URL=http://127.0.0.1:3000 WAGW_API_KEY=wagw_live_… pnpm --filter @wagw/example-sdk-quickstart start
 */
import { APIError, Wagw } from '@wagw/sdk';

const baseUrl = process.env.WAGW_URL ?? 'http://127.0.0.1:3000';
const apiKey = process.env.WAGW_API_KEY;
if (!apiKey) {
  console.error('Set WAGW_API_KEY (printed once by `wagw serve` or `wagw admin init`).');
  process.exit(1);
}

const wagw = new Wagw({ baseUrl, apiKey });

try {
  // A sandbox session pairs itself when asked to: no phone needed.
  const session = await wagw.sessions.create({ name: 'quickstart', auto_pair: true });
  let current = session;
  while (current.status !== 'connected') {
    await new Promise((r) => setTimeout(r, 250));
    current = await wagw.sessions.get(session.id);
  }
  console.log(`session ${current.id} connected as ${current.phone}`);

  const message = await wagw.messages.send(current.id, {
    type: 'text',
    to: '+14155550000',
    text: 'Hello from the SDK',
  });
  console.log(`accepted ${message.id} (${message.status})`);
  const read = await wagw.messages.waitForStatus(message.id, 'read', { timeoutMs: 10_000, intervalMs: 200 });
  console.log(`read at ${read.read_at}`);

  for await (const event of wagw.events.iterate({ session_id: current.id })) {
    console.log(`${event.sequence}\t${event.type}`);
  }
} catch (error) {
  if (APIError.is(error)) console.error(`${error.code}: ${error.message} (request ${error.requestId})`);
  else console.error(error);
  process.exit(1);
}
