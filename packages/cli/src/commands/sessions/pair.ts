import { ConflictError, type Qr, type Session, type SessionStatus } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { ApiClient, Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { importOptional } from '../../optional-module.js';
import { Output } from '../../output.js';

export interface PairOptions extends ApiFlags {
  id: string;
  /**
   * No phone needed: the sandbox engine simulates the scan itself; other engines hand the QR code
   * to a running WhatsApp simulator (`wagw sim`) at `simUrl`.
   */
  scan?: boolean;
  /** The simulator's control URL for `--scan` on non-sandbox sessions. Default $WAGW_SIM_URL or http://127.0.0.1:7380. */
  simUrl?: string;
  /**
   * With `--scan` (sandbox): the number the simulated scan links. Without it (engines with pairing
   * codes, e.g. baileys): pair by phone number — a code to type into the phone instead of a QR scan.
   */
  phone?: string;
  /** Seconds to wait for `connected`. Default 120. */
  timeout?: number;
}

export const POLL_INTERVAL_MS = 1_000;
const DEFAULT_SIM_URL = 'http://127.0.0.1:7380';

/** Hands a QR code to the simulated phone of a running `wagw sim` (loaded only when used). */
export type SimScan = (controlUrl: string, qr: string, phone: string | undefined) => Promise<void>;

export const scanInSimulator: SimScan = async (controlUrl, qr, phone) => {
  const { controlClient } = await importOptional('@wagw/wa-sim', () => import('@wagw/wa-sim'));
  await controlClient(controlUrl).scan(qr, phone);
};
const DEFAULT_TIMEOUT_S = 120;

/** Statuses `pair` starts the session from. */
const STARTABLE: ReadonlySet<SessionStatus> = new Set(['stopped', 'logged_out', 'failed']);
/** Statuses that end a pairing attempt that was under way. */
const ENDED: ReadonlySet<SessionStatus> = new Set(['stopped', 'logged_out', 'failed']);

async function currentQr(api: ApiClient, id: string): Promise<Qr | undefined> {
  try {
    return await api.sessions.qr(id);
  } catch (error) {
    // The status moved on between the two calls; the next poll shows where to.
    if (ConflictError.is(error) && error.code === 'QR_NOT_AVAILABLE') return undefined;
    throw error;
  }
}

/**
 * Starts the session if needed, then polls status and QR code every second, drawing each new QR
 * code, until the session is `connected` (exit 0), ends up `stopped`/`logged_out`/`failed`, or
 * the timeout passes (exit 1).
 */
export async function run(
  options: PairOptions,
  ctx: Context,
  simScan: SimScan = scanInSimulator,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const timeoutS = options.timeout ?? DEFAULT_TIMEOUT_S;
  const deadline = ctx.now() + timeoutS * 1000;
  const api = await ctx.api(options);

  let session: Session = await api.sessions.get(options.id);
  const byCode = options.phone !== undefined && !options.scan;
  if (byCode && session.engine === 'sandbox') {
    throw new UsageError(
      'the sandbox engine pairs without a phone: use --scan (with --phone to pick the number)',
    );
  }
  if (STARTABLE.has(session.status)) {
    if (!out.json) out.line(`Starting session ${session.id}…`);
    session = await api.sessions.start(session.id);
  }

  let lastStatus: SessionStatus | undefined;
  let lastQr: string | undefined;
  let underway = false;
  let scanned = false;
  let codeShown = false;
  for (;;) {
    if (session.status !== lastStatus) {
      lastStatus = session.status;
      reportStatus(out, session);
    }
    if (session.status === 'connected') {
      if (!out.json) out.line(`Connected${session.phone ? ` as ${session.phone}` : ''}.`);
      return;
    }
    // A session that has not moved since `start` is not "ended" yet, only slow to start.
    if (ENDED.has(session.status) && underway) {
      const reason = session.status_reason ? ` (${session.status_reason})` : '';
      throw new CliError(`pairing ended: session ${session.id} is ${session.status}${reason}`, {
        code: 'PAIRING_FAILED',
        hint: `try again: wagw sessions pair ${session.id}`,
      });
    }
    if (!ENDED.has(session.status)) underway = true;

    if (session.status === 'scan_qr' && byCode && options.phone !== undefined) {
      if (!codeShown) {
        const { code } = await api.sessions.pairingCode(session.id, { phone: options.phone });
        codeShown = true;
        showCode(out, session.id, code);
      }
    } else if (session.status === 'scan_qr') {
      const qr = await currentQr(api, session.id);
      if (qr && qr.qr !== lastQr) {
        await showQr(out, ctx, qr, lastQr !== undefined);
        lastQr = qr.qr;
        if (options.scan && !scanned) {
          scanned = true;
          if (session.engine === 'sandbox') {
            if (!out.json) out.line('Simulating a phone scan (sandbox engine)…');
            session = await api.sessions.sandboxScan(
              session.id,
              options.phone ? { phone: options.phone } : {},
            );
            continue;
          }
          const simUrl = options.simUrl ?? ctx.env.WAGW_SIM_URL ?? DEFAULT_SIM_URL;
          if (!out.json) out.line(`Scanning with the simulated phone of ${simUrl} (wagw sim)…`);
          await simScan(simUrl, qr.qr, options.phone);
        }
      }
    }

    if (ctx.now() >= deadline) {
      throw new CliError(
        `timed out after ${timeoutS}s waiting for ${session.id} to connect (status: ${session.status})`,
        {
          code: 'PAIRING_TIMEOUT',
          hint: 'raise --timeout, or run the command again for a fresh QR code',
        },
      );
    }
    await ctx.sleep(POLL_INTERVAL_MS);
    session = await api.sessions.get(session.id);
  }
}

function reportStatus(out: Output, session: Session): void {
  if (out.json) {
    out.printJsonLine({
      type: 'status',
      session_id: session.id,
      status: session.status,
      reason: session.status_reason,
      phone: session.phone,
    });
    return;
  }
  out.line(`Status: ${session.status}${session.status_reason ? ` (${session.status_reason})` : ''}`);
}

function showCode(out: Output, sessionId: string, code: string): void {
  if (out.json) {
    out.printJsonLine({ type: 'pairing_code', session_id: sessionId, code });
    return;
  }
  const pretty = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  out.line('On the phone: WhatsApp → Linked devices → Link a device → Link with phone number instead,');
  out.line(`then enter this code: ${pretty}`);
}

async function showQr(out: Output, ctx: Context, qr: Qr, refreshed: boolean): Promise<void> {
  if (out.json) {
    out.printJsonLine({ type: 'qr', session_id: qr.session_id, qr: qr.qr, expires_at: qr.expires_at });
    return;
  }
  out.line(
    refreshed
      ? `New QR code (the previous one expired), valid until ${qr.expires_at}:`
      : `Scan this QR code in WhatsApp → Settings → Linked devices → Link a device (valid until ${qr.expires_at}):`,
  );
  out.line(await ctx.renderQr(qr.qr));
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('pair', 'link a WhatsApp account: show the QR code until the session is connected')
    .argument('<id>', 'session id (ses_…)')
    .option('--scan', 'no phone: the sandbox simulates the scan; other engines ask a running `wagw sim`')
    .option(
      '--sim-url <url>',
      'with --scan on a baileys session: the simulator (default: $WAGW_SIM_URL or http://127.0.0.1:7380)',
    )
    .option(
      '--phone <e164>',
      'pair by phone number with a code instead of a QR (baileys); with --scan: the simulated number',
    )
    .option('--timeout <seconds>', 'give up after this long', integer(1), DEFAULT_TIMEOUT_S)
    .action((id: string, options: Omit<PairOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw sessions pair ses_123',
    'wagw sessions pair ses_123 --scan            # sandbox: pairs with no phone',
    'wagw sessions pair ses_456 --scan            # baileys + `wagw sim`: the simulated phone scans',
    'wagw sessions pair ses_123 --phone +14155550000   # baileys: prints a code to type into the phone',
    'wagw sessions pair ses_123 --json            # one JSON line per status / QR change',
  ).addHelpText(
    'after',
    '\nExits 0 once connected; 1 if pairing ends (logged out, failed, QR expired) or times out.\n',
  );
}
