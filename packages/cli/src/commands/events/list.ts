import { EVENT_TYPES, type Event, type EventListParams, type EventType } from '@wagw/sdk';
import { type Command, Option } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionOrDefault } from '../sessions/use.js';

export interface ListOptions extends ApiFlags {
  /** Only events after this one (exclusive): `evt_…`. */
  after?: string;
  session?: string;
  type?: EventType;
  limit?: number;
  /** Keep polling for new events until Ctrl-C. */
  follow?: boolean;
  /** Poll interval with `--follow`, ms. Default 2 000. */
  intervalMs?: number;
}

const FOLLOW_INTERVAL_MS = 2_000;

function summary(event: Event): string {
  const data = event.data as Record<string, unknown>;
  const pick = ['status', 'to', 'from', 'text', 'phone', 'reason']
    .filter((k) => data[k] !== undefined && data[k] !== null)
    .map((k) => `${k}=${typeof data[k] === 'string' ? data[k] : JSON.stringify(data[k])}`);
  const id = typeof data.id === 'string' && data.id !== event.session_id ? [data.id] : [];
  const text = [...id, ...pick].join(' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

const COLUMNS = [
  { header: 'ID', value: (e: Event) => e.id },
  { header: 'TYPE', value: (e: Event) => e.type },
  { header: 'SESSION', value: (e: Event) => e.session_id },
  { header: 'CREATED', value: (e: Event) => e.created_at },
  { header: 'DATA', value: summary },
];

export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionOrDefault(ctx, options.session);
  const params: EventListParams = {
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(session !== undefined ? { session_id: session } : {}),
    ...(options.type !== undefined ? { type: options.type } : {}),
  };
  if (!options.follow) {
    const page = await api.events.list({ ...params, ...(options.after ? { after: options.after } : {}) });
    if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
    else {
      out.table(page.data, COLUMNS, 'No events.');
      const last = page.data.at(-1);
      if (page.has_more && last) out.info(`(more events: wagw events list --after ${last.id})`);
    }
    return;
  }

  // Follow: walk the log with the `after` cursor, then poll for new events until Ctrl-C.
  const signal = ctx.shutdownSignal();
  let after = options.after;
  if (!out.json) out.info('Following events (Ctrl-C to stop)…');
  while (!signal.aborted) {
    let page: Awaited<ReturnType<typeof api.events.list>>;
    try {
      page = await api.events.list({ ...params, ...(after ? { after } : {}) }, { signal });
    } catch (error) {
      if (signal.aborted) break;
      throw error;
    }
    for (const event of page.data) {
      after = event.id;
      if (out.json) out.printJsonLine(event);
      else out.line(COLUMNS.map((c) => c.value(event)).join('  '));
    }
    if (!page.has_more) await ctx.sleep(options.intervalMs ?? FOLLOW_INTERVAL_MS, signal);
  }
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', 'list events, oldest first (the same events webhooks deliver)')
    .option('--after <id>', 'only events after this one (evt_…)')
    .option('--session <id>', 'only events of this session (ses_…)')
    .addOption(new Option('--type <type>', 'only events of this type').choices(EVENT_TYPES))
    .option('--limit <n>', 'page size (1-100, default 20)', integer(1, 100))
    .option('-f, --follow', 'keep polling for new events until Ctrl-C')
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw events list --session ses_123',
    'wagw events list --after evt_123 --type message.read --json',
    'wagw events list --follow --json | jq -c "{type, id}"',
  );
}
