import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { COLUMNS, printBroadcast } from './render.js';

export interface ListOptions extends ApiFlags {
  limit?: number;
  startingAfter?: string;
}

export async function list(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.broadcasts.list({
    ...(options.limit !== undefined && { limit: options.limit }),
    ...(options.startingAfter !== undefined && { starting_after: options.startingAfter }),
  });
  if (out.json) {
    out.printJson({ data: page.data, has_more: page.has_more });
    return;
  }
  out.table(
    page.data,
    COLUMNS,
    'No broadcasts. Start one: wagw broadcasts create --csv FILE --text "Hi {{name}}"',
  );
  const last = page.data.at(-1);
  if (page.has_more && last) out.info(`\nMore: wagw broadcasts list --starting-after ${last.id}`);
}

type Action = 'get' | 'pause' | 'resume' | 'cancel';

export async function act(action: Action, id: string, options: ApiFlags, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  printBroadcast(new Output(ctx, options.json === true), await api.broadcasts[action](id));
}

const ACTIONS: ReadonlyArray<readonly [Action, string]> = [
  ['get', 'show a broadcast and its progress'],
  ['pause', 'pause a broadcast (what is queued still goes out)'],
  ['resume', 'resume a paused broadcast where it stopped'],
  ['cancel', 'cancel a broadcast: recipients not yet queued are skipped'],
];

export function commands(ctx: Context): Command[] {
  const listCmd = withExamples(
    apiCommand('list', 'list broadcasts, newest first, with their progress')
      .option('--limit <n>', 'how many', integer(1, 100))
      .option('--starting-after <id>', 'the page after this broadcast')
      .action((options: ListOptions) => list(options, ctx)),
    'wagw broadcasts list',
    'wagw broadcasts list --json | jq ".data[] | {id, status}"',
  );
  return [
    listCmd,
    ...ACTIONS.map(([action, description]) =>
      withExamples(
        apiCommand(action, description)
          .argument('<id>', 'broadcast id (brd_…)')
          .action((id: string, options: ApiFlags) => act(action, id, options, ctx)),
        `wagw broadcasts ${action} brd_123`,
      ),
    ),
  ];
}
