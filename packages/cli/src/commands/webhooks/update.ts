import type { WebhookUpdateParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, commaList, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { checkHttpUrl } from '../../url.js';
import { printEndpoint } from './endpoint-fields.js';

/** As in `create`, `--url` is the endpoint and `--server-url` the wagw server. */
export interface UpdateOptions extends Omit<ApiFlags, 'url'> {
  id: string;
  url?: string;
  serverUrl?: string;
  events?: string[];
  description?: string;
  enable?: boolean;
  disable?: boolean;
  /** `0,5,300` seconds, or `default` for the server's schedule. */
  retrySchedule?: string;
  /** Seconds, or `default` for the server's period. */
  disableAfter?: string;
}

const MAX_WAIT = 604_800;

function schedule(value: string): number[] | null {
  if (value === 'default') return null;
  const waits = commaList(value);
  if (
    waits.length === 0 ||
    waits.length > 50 ||
    waits.some((w) => !/^\d+$/.test(w) || Number(w) > MAX_WAIT)
  ) {
    throw new UsageError(
      `--retry-schedule expects 1 to 50 comma-separated waits in whole seconds (each at most ${MAX_WAIT}), e.g. 0,5,300,1800, or "default"; got "${value}".`,
    );
  }
  return waits.map(Number);
}

function disableAfter(value: string): number | null {
  if (value === 'default') return null;
  if (!/^\d+$/.test(value) || Number(value) < 60 || Number(value) > 7_776_000) {
    throw new UsageError(
      `--disable-after expects whole seconds from 60 to 7776000 (90 days), or "default"; got "${value}".`,
    );
  }
  return Number(value);
}

/** The PATCH body the flags ask for; a usage error when they ask for nothing or contradict. */
export function changes(options: UpdateOptions): WebhookUpdateParams {
  if (options.enable && options.disable)
    throw new UsageError('--enable and --disable contradict each other.');
  if (options.url !== undefined) {
    const problem = checkHttpUrl(options.url);
    if (problem !== true) throw new UsageError(`--url: ${problem}`);
  }
  const body: WebhookUpdateParams = {
    ...(options.url !== undefined && { url: options.url }),
    ...(options.events !== undefined && { events: options.events }),
    ...(options.description !== undefined && {
      description: options.description === '' ? null : options.description,
    }),
    ...(options.enable && { enabled: true }),
    ...(options.disable && { enabled: false }),
    ...(options.retrySchedule !== undefined && { retry_schedule: schedule(options.retrySchedule) }),
    ...(options.disableAfter !== undefined && { disable_after_seconds: disableAfter(options.disableAfter) }),
  };
  if (Object.keys(body).length === 0) {
    throw new UsageError(
      'nothing to change: give --url, --events, --description, --enable, --disable, --retry-schedule or --disable-after.',
    );
  }
  return body;
}

export async function run(options: UpdateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const body = changes(options);
  const api = await ctx.api({ url: options.serverUrl, apiKey: options.apiKey });
  const endpoint = await api.webhooks.update(options.id, body);
  if (out.json) out.printJson(endpoint);
  else printEndpoint(out, endpoint);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'update',
    'change an endpoint: URL, events, retries, or enable it again',
    '--server-url',
  )
    .argument('<id>', 'endpoint id (whk_…)')
    .option('--url <url>', 'new endpoint URL')
    .option('--events <types>', 'comma-separated event types, wildcards allowed', commaList)
    .option('--description <text>', 'a note for yourself ("" clears it)')
    .option('--enable', 'enable it (again): clears a disable reason and the failing streak')
    .option('--disable', 'stop deliveries to it (events are still recorded)')
    .option(
      '--retry-schedule <seconds>',
      'waits before each attempt, e.g. 0,5,300,1800 (each ±10% jitter), or "default"',
    )
    .option(
      '--disable-after <seconds>',
      'disable it after failing continuously this long, or "default" (5 days)',
    )
    .action((id: string, options: Omit<UpdateOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw webhooks update whk_123 --enable',
    'wagw webhooks update whk_123 --retry-schedule 0,10,60,600 --disable-after 86400',
    'wagw webhooks update whk_123 --url https://example.com/hooks/v2 --events "message.*"',
  );
}
