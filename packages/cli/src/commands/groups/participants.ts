import type { GroupParticipantResult, GroupParticipantsAction } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { type Column, Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { GROUP_ARGUMENT } from './render.js';

export interface ParticipantsOptions extends ApiFlags {
  session?: string;
}

const DONE: Record<GroupParticipantsAction, string> = {
  add: 'added',
  remove: 'removed',
  promote: 'promoted',
  demote: 'demoted',
};

const DESCRIPTIONS: Record<GroupParticipantsAction, string> = {
  add: 'add numbers to a group',
  remove: 'remove numbers from a group',
  promote: "make a group's members admins",
  demote: "make a group's admins plain members",
};

const columns = (action: GroupParticipantsAction): readonly Column<GroupParticipantResult>[] => [
  { header: 'PHONE', value: (r) => r.phone },
  { header: 'RESULT', value: (r) => r.error ?? DONE[action] },
];

/**
 * Adds, removes, promotes or demotes numbers: prints what became of each one (WhatsApp answers per
 * number) and fails with `PARTICIPANTS_FAILED` (exit 1) when it refused any of them.
 */
export async function run(
  action: GroupParticipantsAction,
  group: string,
  phones: string[],
  options: ParticipantsOptions,
  ctx: Context,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const result = await api.groups.updateParticipants(session, group, action, phones);
  if (out.json) out.printJson(result);
  else out.table(result.data, columns(action), 'No numbers given.');
  const refused = result.data.filter((r) => r.error !== null);
  if (refused.length > 0) {
    throw new CliError(
      `${refused.length} of ${result.data.length} numbers not ${DONE[action]}: ${refused
        .map((r) => `${r.phone} (${r.error})`)
        .join(', ')}`,
      { code: 'PARTICIPANTS_FAILED' },
    );
  }
}

/** `wagw groups add`, `remove`, `promote` and `demote`. */
export function command(ctx: Context, action: GroupParticipantsAction): Command {
  const cmd = apiCommand(
    action,
    `${DESCRIPTIONS[action]} (1-256; the session must be an admin and connected); prints a result per number and exits 1 if any was refused`,
  )
    .argument('<group>', GROUP_ARGUMENT)
    .argument('<phones...>', 'phone numbers in international format')
    .option('--session <id>', 'session id (ses_…)')
    .action((group: string, phones: string[], options: ParticipantsOptions) =>
      run(action, group, phones, options, ctx),
    );
  return withExamples(
    cmd,
    `wagw groups ${action} 120363012345678901@g.us +447700900123 +14155550100 --session ses_123`,
    `wagw groups ${action} 120363012345678901@g.us +447700900123 --session ses_123 --json`,
  );
}
