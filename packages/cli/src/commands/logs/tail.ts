import type { RequestLog, RequestLogFilter } from '@wagw/sdk';
import { type Command, InvalidArgumentError } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface TailOptions extends ApiFlags {
  /** A status (`404`) or a class (`4xx`). */
  status?: string;
  /** A route template (`/v1/sessions/:session_id`) or a path prefix (`/v1/sessions`). */
  path?: string;
  method?: string;
}

function statusFilter(value: string): string {
  if (!/^([1-5]xx|[1-5]\d\d)$/i.test(value)) {
    throw new InvalidArgumentError('expected a status (404) or a class (4xx).');
  }
  return value.toLowerCase();
}

/** One request per line: time, method, status, path, duration, error code, request id. */
export function logLine(l: RequestLog): string {
  const time = l.created_at.slice(11, 23);
  return [time, l.method.padEnd(6), l.status, l.path, `${l.duration_ms}ms`, l.error_code ?? '', l.request_id]
    .filter((part) => part !== '')
    .join('  ');
}

/** Streams the tenant's API requests as they happen (`GET /v1/logs/stream`) until Ctrl-C. */
export async function run(options: TailOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const signal = ctx.shutdownSignal();
  const filter: RequestLogFilter = {
    ...(options.status !== undefined && { status: options.status }),
    ...(options.path !== undefined && { path: options.path }),
    ...(options.method !== undefined && { method: options.method.toUpperCase() }),
  };
  out.info('Tailing API requests (Ctrl-C to stop)…');
  for await (const entry of api.logs.stream({
    ...filter,
    signal,
    onReconnect: ({ error }) =>
      out.info(`(reconnecting${error instanceof Error ? `: ${error.message}` : ''})`),
  })) {
    if (out.json) out.printJsonLine(entry);
    else out.line(logLine(entry));
  }
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('tail', "stream the tenant's API requests as they happen (one line each)")
    .option('--status <status>', 'only this status (404) or class (4xx)', statusFilter)
    .option('--path <path>', 'only this route (/v1/sessions/:session_id) or path prefix (/v1/sessions)')
    .option('--method <method>', 'only this HTTP method (GET, POST, …)')
    .action((options: TailOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw logs tail',
    'wagw logs tail --status 4xx',
    'wagw logs tail --path /v1/sessions --method POST --json | jq -c "{status, path, error_code}"',
  );
}
