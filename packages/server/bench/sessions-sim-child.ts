/**
 * The WhatsApp simulator alone in a child process of the sessions bench (`BENCH_SIM=child`), driven
 * over IPC (see sessions-sim.ts). Started with --expose-gc, so its memory is read after a full GC.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '@wagw/wa-sim';
import type { ProcessStats, SimReply, SimRequest } from './sessions-sim.js';

const sim = await startSimulator();
const send = (reply: SimReply) => process.send?.(reply);

async function stats(): Promise<ProcessStats> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3 && gc; i++) {
    gc();
    await sleep(50);
  }
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function handle(request: SimRequest): Promise<unknown> {
  switch (request.op) {
    case 'scan':
      return sim.scanQr(request.qr, { phone: request.phone });
    case 'contact':
      return sim.addContact({
        phone: request.phone,
        behaviour: 'auto-read',
        receiptDelayMs: request.receiptDelayMs,
      });
    case 'account':
      return sim.createAccount({ phone: request.phone, history: request.history });
    case 'history':
      return sim.devices(request.phone)[0]?.history ?? null;
    case 'relayed':
      return sim.messages().filter((m) => m.to === request.phone).length;
    case 'stats':
      return stats();
    case 'close':
      await sim.close();
      setImmediate(() => process.exit(0));
      return true;
  }
}

process.on('message', (raw) => {
  const request = raw as SimRequest;
  handle(request).then(
    (result) => send({ type: 'reply', id: request.id, ok: true, result: result ?? null }),
    (error: unknown) =>
      send({
        type: 'reply',
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
// The bench went away without closing us: do not linger.
process.on('disconnect', () => {
  void sim.close().finally(() => process.exit(0));
});

send({
  type: 'ready',
  url: sim.url,
  rootPublicKeyHex: sim.rootPublicKey.toString('hex'),
  controlUrl: sim.controlUrl,
  media: sim.media,
});
