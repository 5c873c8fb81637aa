import { createServer, type Server } from 'node:net';
import type { Simulator } from '@wagw/wa-sim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';
import { exec, fakeContext } from '../testing/fake-context.js';
import { loadWaSim, run, type WaSimModule } from './sim.js';

/** The real `@wagw/wa-sim`, keeping each simulator it starts so the test can look inside. */
function recordingLoader() {
  const started: Simulator[] = [];
  const load = vi.fn(async (): Promise<WaSimModule> => {
    const real = await import('@wagw/wa-sim');
    return {
      startSimulator: async (options) => {
        const sim = await real.startSimulator(options);
        started.push(sim);
        return sim;
      },
    };
  });
  return { load, started };
}

/** True while something answers HTTP at `url`; false once the port refuses connections. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch (error) {
    // Only a refused connection means "stopped": a slow answer is still an answer.
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return false;
    throw error;
  }
}

let blocker: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
});

describe('wagw sim', () => {
  it('runs a real simulator, prints its URLs and how to scan a QR, and stops on Ctrl-C', async () => {
    const { load, started } = recordingLoader();
    const ctx = fakeContext();
    const running = exec(ctx, () => run({ port: 0 }, ctx, load));
    await ctx.stderrShows('Ctrl-C');

    expect(started).toHaveLength(1);
    const sim = started[0] as Simulator;
    expect(sim.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/chat$/);
    expect(sim.port).not.toBe(0);
    const out = ctx.stdoutText();
    expect(out).toContain(`WebSocket URL: ${sim.url}`);
    expect(out).toContain(`control API:   ${sim.controlUrl}`);
    const hints = ctx.stderrText();
    expect(hints).toContain(`wagw serve --wa-url ${sim.url}`);
    expect(hints).toContain(`curl -s ${sim.controlUrl}/scan -d '{"qr":`);
    // Unknown numbers behave like the sandbox engine's recipients.
    expect(sim.state().unknownNumbers).toBe('by-last-digits');
    const state = (await (await fetch(`${sim.controlUrl}/state`)).json()) as { url: string };
    expect(state.url).toBe(sim.url);

    ctx.interrupt();
    expect(await running).toBe(0);
    expect(ctx.stderrText()).toContain('Stopped.');
    expect(await answers(`${sim.controlUrl}/state`)).toBe(false);
  });

  it('prints one JSON line with --json', async () => {
    const { load, started } = recordingLoader();
    const ctx = fakeContext();
    const running = exec(ctx, () => run({ port: 0, json: true }, ctx, load));
    await ctx.stdoutShows('\n');
    const sim = started[0] as Simulator;
    expect(ctx.stdoutText().split('\n')).toHaveLength(2);
    expect(JSON.parse(ctx.stdoutText())).toEqual({
      url: sim.url,
      controlUrl: sim.controlUrl,
      rootPublicKey: sim.rootPublicKey.toString('hex'),
    });
    expect(ctx.stderrText()).not.toContain('curl');
    ctx.interrupt();
    expect(await running).toBe(0);
  });

  it('starts and closes at once when already interrupted', async () => {
    const { load, started } = recordingLoader();
    const ctx = fakeContext();
    ctx.interrupt();
    await run({ port: 0, host: '127.0.0.1' }, ctx, load);
    expect(started).toHaveLength(1);
    expect(await answers(`${started[0]?.controlUrl}/state`)).toBe(false);
  });

  it('explains a port in use', async () => {
    const server = createServer();
    blocker = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const ctx = fakeContext();
    expect(await exec(ctx, () => run({ port }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain(`error: cannot listen on 127.0.0.1:${port}: the port is in use`);
    expect(ctx.stderrText()).toContain('hint: pick another with --port');
  });

  it('is wired into the command tree: flags, the real lazy import, and help with the scan example', async () => {
    expect(typeof (await loadWaSim()).startSimulator).toBe('function');
    const ctx = fakeContext();
    ctx.interrupt();
    expect(await main(['sim', '--port', '0', '--host', '127.0.0.1', '--json'], ctx)).toBe(0);
    expect(JSON.parse(ctx.stdoutText())).toMatchObject({
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/chat$/),
      controlUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/control$/),
      rootPublicKey: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const help = fakeContext();
    expect(await main(['sim', '--help'], help)).toBe(0);
    const text = help.stdoutText();
    expect(text).toContain('Usage: wagw sim [options]');
    expect(text).toContain('--port <port>');
    expect(text).toContain('Examples:\n  $ wagw sim');
    expect(text).toContain('wagw serve --wa-url ws://127.0.0.1:7380/ws/chat');
    expect(text).toContain(
      `curl -s http://127.0.0.1:7380/control/scan -d '{"qr": "https://wa.me/settings/linked_devices#…", "phone": "+1555`,
    );
    expect(text).toContain('curl -s http://127.0.0.1:7380/control/pairing-code -d \'{"phone": "+1555');
    expect(await main(['sim', '--port', 'x'], fakeContext())).toBe(1);
  });
});
