import type { Simulator, SimulatorOptions } from '@wagw/wa-sim';
import type { Command } from 'commander';
import { integer, leafCommand, withExamples } from '../command-kit.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { importOptional } from '../optional-module.js';
import { Output } from '../output.js';

export interface SimOptions {
  port?: number;
  host?: string;
  json?: boolean;
}

/** The part of `@wagw/wa-sim` that `wagw sim` uses (declared so tests can fake or wrap it). */
export interface WaSimModule {
  startSimulator(
    options: SimulatorOptions,
  ): Promise<Pick<Simulator, 'url' | 'controlUrl' | 'rootPublicKey' | 'close'>>;
}

/**
 * Loads the simulator on demand: only `wagw sim` pays for it (it pulls in Baileys). The return type
 * checks that the package still fits `WaSimModule`.
 */
export function loadWaSim(): Promise<WaSimModule> {
  return importOptional('@wagw/wa-sim', () => import('@wagw/wa-sim'));
}

const DEFAULT_PORT = 7380;
const DEFAULT_HOST = '127.0.0.1';

function startError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new CliError(`cannot listen on ${host}:${port}: the port is in use`, {
      code: 'PORT_IN_USE',
      hint: 'pick another with --port (0 = any free port)',
      cause: error,
    });
  }
  return error;
}

/**
 * Runs the WhatsApp network simulator (`@wagw/wa-sim`) in this process until SIGINT/SIGTERM. Numbers
 * that are not simulated accounts behave by their last four digits, like the sandbox engine's.
 */
export async function run(
  options: SimOptions,
  ctx: Context,
  load: () => Promise<WaSimModule> = loadWaSim,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  // Listen for Ctrl-C before starting, so one pressed during startup still closes cleanly.
  const signal = ctx.shutdownSignal();
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const { startSimulator } = await load();
  const sim = await startSimulator({ port, host, unknownNumbers: 'by-last-digits' }).catch(
    (error: unknown) => {
      throw startError(error, host, port);
    },
  );
  const rootPublicKey = sim.rootPublicKey.toString('hex');

  if (out.json) {
    out.printJsonLine({ url: sim.url, controlUrl: sim.controlUrl, rootPublicKey });
  } else {
    out.line('wa-sim is running: a simulated WhatsApp network (no phone, no internet).');
    out.line(`  WebSocket URL: ${sim.url}`);
    out.line(`  control API:   ${sim.controlUrl}`);
    out.line(`  root key:      ${rootPublicKey}`);
    out.info('');
    out.info(`Run the gateway against it (baileys sessions):  wagw serve --wa-url ${sim.url}`);
    out.info('Create a session with `wagw sessions create --engine baileys`, pair it, and let the');
    out.info(
      'simulated phone scan its QR (the "qr" of GET /v1/sessions/ID/qr or `wagw sessions pair ID --json`):',
    );
    out.info(
      `  curl -s ${sim.controlUrl}/scan -d '{"qr":"https://wa.me/settings/linked_devices#…","phone":"+15550000001"}'`,
    );
    out.info(
      `or type a pairing code: curl -s ${sim.controlUrl}/pairing-code -d '{"phone":"+1555…","code":"…"}'`,
    );
    out.info(
      'Numbers that are not simulated accounts behave by their last four digits, like the sandbox\n' +
        "engine's: 0001 never read, 0002 never delivered, 0003 fails (463), 0004 replies; others are read.",
    );
    out.info('Press Ctrl-C to stop.');
  }

  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  out.info('Shutting down…');
  await sim.close();
  out.info('Stopped.');
}

export function command(ctx: Context): Command {
  const cmd = leafCommand(
    'sim',
    'run a simulated WhatsApp network for baileys sessions to connect to (no phone needed)',
  )
    .option(
      '--port <port>',
      `port to listen on (0 = any free port; default: ${DEFAULT_PORT})`,
      integer(0, 65535),
    )
    .option('--host <host>', `interface to bind (default: ${DEFAULT_HOST})`)
    .action((options: SimOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw sim',
    'wagw sim --port 0 --json   # {"url":"ws://…/ws/chat","controlUrl":"http://…/control","rootPublicKey":"…"}',
    'wagw serve --wa-url ws://127.0.0.1:7380/ws/chat   # in another terminal',
  ).addHelpText(
    'after',
    `
Sessions created with \`wagw sessions create --engine baileys\` connect to it. The simulated phone
scans a session's QR code (its "qr" text: GET /v1/sessions/ID/qr, or the qr lines of
\`wagw sessions pair ID --json\`); "phone" is the number it links (default: a random +1555…):
  $ curl -s http://127.0.0.1:7380/control/scan -d '{"qr": "https://wa.me/settings/linked_devices#…", "phone": "+15550000001"}'
Or by phone number: the phone types the code \`wagw sessions pair ID --phone +15550000001\` prints:
  $ curl -s http://127.0.0.1:7380/control/pairing-code -d '{"phone": "+15550000001", "code": "ABCD-EFGH"}'

A message to the linked number from outside:
  $ curl -s http://127.0.0.1:7380/control/inbound -d '{"to": "+15550000001", "from": "+15557770000", "text": "hi"}'
Everything the simulator relayed: curl -s http://127.0.0.1:7380/control/state

Numbers that are not simulated accounts behave by their last four digits, like the sandbox engine's:
0001 delivered, never read; 0002 never delivered; 0003 every send fails (error 463); 0004 replies with
the same text; anything else delivered, then read. State lives in memory and is gone on Ctrl-C.
`,
  );
}
