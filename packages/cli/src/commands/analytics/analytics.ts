import type { AnalyticsParams } from '@wagw/sdk';
import { type Command, InvalidArgumentError } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export const REPORTS = ['overview', 'delivery', 'failures', 'daily'] as const;
export type Report = (typeof REPORTS)[number];

export interface AnalyticsOptions extends ApiFlags {
  report?: Report;
  from?: string;
  to?: string;
  session?: string;
}

const pct = (rate: number | null) => (rate === null ? null : `${(rate * 100).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? null : `${v} ms`);

export async function run(options: AnalyticsOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const params: AnalyticsParams = {
    ...(options.from !== undefined && { from: options.from }),
    ...(options.to !== undefined && { to: options.to }),
    ...(options.session !== undefined && { session_id: options.session }),
  };
  const report = options.report ?? 'overview';
  const range = (r: { from: string; to: string }) => ['range', `${r.from} .. ${r.to}`] as const;
  if (report === 'overview') {
    const r = await api.analytics.overview(params);
    if (out.json) return out.printJson(r);
    out.fields([
      range(r),
      ['outbound', r.messages_by_direction.outbound],
      ['inbound', r.messages_by_direction.inbound],
      ...Object.entries(r.messages_by_status).map(([status, n]) => [`  ${status}`, n] as const),
      ['active sessions', r.active_sessions],
      ['API calls', r.api_calls],
    ]);
  } else if (report === 'delivery') {
    const r = await api.analytics.delivery(params);
    if (out.json) return out.printJson(r);
    out.fields([
      range(r),
      ['outbound', r.outbound],
      ['delivery rate', pct(r.delivery_rate)],
      ['read rate', pct(r.read_rate)],
      ['to delivered p50', ms(r.time_to_delivered.p50_ms)],
      ['to delivered p90', ms(r.time_to_delivered.p90_ms)],
      ['to delivered avg', ms(r.time_to_delivered.avg_ms)],
      ['to read p50', ms(r.time_to_read.p50_ms)],
      ['to read p90', ms(r.time_to_read.p90_ms)],
      ['to read avg', ms(r.time_to_read.avg_ms)],
    ]);
  } else if (report === 'failures') {
    const r = await api.analytics.failures(params);
    if (out.json) return out.printJson(r);
    out.table(
      r.by_code,
      [
        { header: 'CODE', value: (f) => f.code },
        { header: 'COUNT', value: (f) => f.count },
      ],
      'No failed messages in this range.',
    );
  } else {
    const r = await api.analytics.daily(params);
    if (out.json) return out.printJson(r);
    out.table(
      r.days,
      [
        { header: 'DATE', value: (d) => d.date },
        { header: 'SENT', value: (d) => d.sent },
        { header: 'DELIVERED', value: (d) => d.delivered },
        { header: 'READ', value: (d) => d.read },
        { header: 'FAILED', value: (d) => d.failed },
        { header: 'RECEIVED', value: (d) => d.received },
      ],
      'No days in this range.',
    );
  }
}

function reportArg(value: string): Report {
  if (!(REPORTS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${REPORTS.join(', ')}.`);
  }
  return value as Report;
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('analytics', 'message analytics: overview, delivery, failures or daily')
    .argument('[report]', `${REPORTS.join(' | ')} (default overview)`, reportArg)
    .option('--from <date>', 'start, an ISO date or date-time (default: 30 days before --to)')
    .option('--to <date>', 'end, exclusive (default: now); at most 366 days after --from')
    .option('--session <id>', 'only this session (ses_…)')
    .action((report: Report | undefined, options: Omit<AnalyticsOptions, 'report'>) =>
      run({ ...options, ...(report !== undefined && { report }) }, ctx),
    );
  return withExamples(
    cmd,
    'wagw analytics',
    'wagw analytics delivery --from 2026-11-01 --to 2026-12-01',
    'wagw analytics daily --session ses_123 --json',
  );
}
