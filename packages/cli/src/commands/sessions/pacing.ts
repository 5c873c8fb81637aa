import type { SessionPacing, SessionPacingParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';

export interface PacingOptions extends ApiFlags {
  id: string;
  perMinute?: string;
  newChatsPerHour?: string;
  reset?: boolean;
}

/** `N` → N, `off` → null (unlimited). */
function limit(value: string, flag: string): number | null {
  if (value === 'off') return null;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`${flag} takes a whole number from 1, or "off" (unlimited)`);
  }
  return Number(value);
}

function paramsOf(options: PacingOptions): SessionPacingParams | undefined {
  const given = options.perMinute !== undefined || options.newChatsPerHour !== undefined;
  if (options.reset && given) throw new UsageError('--reset takes no other pacing flag');
  if (options.reset) return { reset: true };
  if (!given) return undefined;
  return {
    ...(options.perMinute !== undefined && { per_minute: limit(options.perMinute, '--per-minute') }),
    ...(options.newChatsPerHour !== undefined && {
      new_chats_per_hour: limit(options.newChatsPerHour, '--new-chats-per-hour'),
    }),
  };
}

const unlimited = (n: number | null) => (n === null ? 'unlimited' : String(n));

export async function run(options: PacingOptions, ctx: Context): Promise<void> {
  const params = paramsOf(options);
  const api = await ctx.api(options);
  const pacing: SessionPacing = params
    ? await api.sessions.setPacing(options.id, params)
    : await api.sessions.pacing(options.id);
  const out = new Output(ctx, options.json === true);
  if (out.json) {
    out.printJson(pacing);
    return;
  }
  out.fields([
    ['per minute', unlimited(pacing.per_minute)],
    ['new chats per hour', unlimited(pacing.new_chats_per_hour)],
    ['source', pacing.custom ? 'this session' : "the server's default"],
    ['hold', pacing.hold ? `new chats held until ${pacing.hold.until} (WhatsApp's 463)` : 'none'],
  ]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('pacing', "show or set a session's pace (docs/pacing.md)")
    .argument('<id>', 'session id (ses_…)')
    .option('--per-minute <n>', 'messages a minute, spaced with jitter; "off": unlimited')
    .option('--new-chats-per-hour <n>', 'messages to numbers with no chat yet, per hour; "off": unlimited')
    .option('--reset', "back to the server's default pace")
    .action((id: string, options: Omit<PacingOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw sessions pacing ses_123',
    'wagw sessions pacing ses_123 --per-minute 10 --new-chats-per-hour 5',
    'wagw sessions pacing ses_123 --new-chats-per-hour off',
    'wagw sessions pacing ses_123 --reset',
  );
}
