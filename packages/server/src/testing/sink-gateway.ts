import pino from 'pino';
import type { ConfigInput } from '../config/config-schema.js';
import { parseConfig } from '../config/parse-config.js';
import type { EventsService } from '../domain/events-service.js';
import type { DomainEvent } from '../domain/types.js';
import { Gateway } from '../gateway.js';
import { triggerData } from '../http/trigger-fixture.js';
import type { SinkPublisher } from '../sinks/sink-publisher.js';
import type { Storage } from '../storage/storage.js';

/** A started gateway (no HTTP) with tenant `ten_s` and a stopped sandbox session `ses_s`. */
export async function openSinkGateway(config: ConfigInput): Promise<Gateway> {
  const gateway = await Gateway.open(parseConfig({ ...config, logLevel: 'silent' }), {
    logger: pino({ level: 'silent' }),
  });
  const now = Date.now();
  const seeded = await gateway.storage.tenants.get('ten_s');
  if (!seeded) {
    await gateway.storage.tenants.insert({
      id: 'ten_s',
      name: 's',
      isAdmin: false,
      createdAt: now,
      status: 'active',
      suspendedAt: null,
      suspendedReason: null,
    });
    await gateway.storage.sessions.insert({
      id: 'ses_s',
      tenantId: 'ten_s',
      name: 's',
      engine: 'sandbox',
      status: 'stopped',
      statusReason: null,
      statusChangedAt: now,
      desiredState: 'stopped',
      phone: null,
      autoPair: false,
      qr: null,
      qrExpiresAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  await gateway.start();
  return gateway;
}

/** Records `n` `message.received` events, each in its own transaction, as the runtime does. */
export async function emitEvents(
  target: { storage: Storage; events: EventsService },
  n: number,
  at: { tenantId: string; sessionId: string } = { tenantId: 'ten_s', sessionId: 'ses_s' },
): Promise<DomainEvent[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      target.storage.transaction((tx) =>
        target.events.record(
          tx,
          {
            ...at,
            type: 'message.received',
            // A valid message.received (the catalog checks event data in tests), numbered.
            data: { ...triggerData('message.received', at.sessionId), text: `event ${i}` },
          },
          Date.now(),
        ),
      ),
    ),
  );
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A publisher the test controls: fails while `down`, records what it acknowledged. */
export function fakePublisher(): SinkPublisher & { down: boolean; acked: string[]; resets: number } {
  const p = {
    down: false,
    acked: [] as string[],
    resets: 0,
    async publish(m: { id: string }) {
      if (p.down) throw new Error('broker down');
      p.acked.push(m.id);
    },
    async reset() {
      p.resets++;
    },
    async close() {},
  };
  return p;
}
