import type { Command } from 'commander';
import { leafCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

interface Row {
  name: string;
  current: boolean;
  url: string;
  kind: string;
}

/** The saved profiles; `*` marks the current one. Secrets are never printed. */
export async function run(options: { json?: boolean }, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const { current, profiles } = (await ctx.config.list?.()) ?? { current: 'default', profiles: {} };
  const rows: Row[] = Object.entries(profiles).map(([name, p]) => ({
    name,
    current: name === current,
    url: p.url,
    kind: p.refreshToken ? `login ${p.email ?? ''}`.trim() : `api key ${p.apiKey.slice(0, 14)}…`,
  }));
  if (out.json) {
    out.printJson({ current, profiles: rows });
    return;
  }
  out.table(
    rows,
    [
      { header: '', value: (r) => (r.current ? '*' : ' ') },
      { header: 'NAME', value: (r) => r.name },
      { header: 'URL', value: (r) => r.url, maxWidth: 50 },
      { header: 'CREDENTIALS', value: (r) => r.kind },
    ],
    'No profiles. Create one: wagw login',
  );
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('list', 'list saved profiles').action((options: { json?: boolean }) =>
    run(options, ctx),
  );
  return withExamples(cmd, 'wagw profiles list');
}
