import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { bodyFields } from './template-body.js';

export interface RenderOptions extends ApiFlags {
  id: string;
  /** `name=value`, repeated. */
  var?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `['a=1', 'b=x=y']` → `{ a: '1', b: 'x=y' }`; the value may be empty, the name may not. */
export function parseVariables(pairs: readonly string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = at === -1 ? '' : pair.slice(0, at).trim();
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw new UsageError(
        `--var expects name=value, the name of letters, digits and underscores; got "${pair}".`,
      );
    }
    variables[name] = pair.slice(at + 1);
  }
  return variables;
}

export async function run(options: RenderOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const variables = parseVariables(options.var ?? []);
  const api = await ctx.api(options);
  const rendered = await api.templates.render(options.id, { variables });
  if (out.json) {
    out.printJson(rendered);
    return;
  }
  // A text prints as it is, so it can be piped; a file message as its fields.
  if (rendered.body.type === 'text') out.line(rendered.body.text);
  else out.fields([['type', rendered.body.type], ...bodyFields(rendered.body)]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('render', 'preview a template filled in with variables (nothing is sent)')
    .argument('<id>', 'template id (tpl_…)')
    .option('--var <name=value>', 'a variable; repeat for more', collect)
    .action((id: string, options: Omit<RenderOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw templates render tpl_123 --var first_name=Ada --var order=A-1042',
    'wagw templates render tpl_123 --var first_name=Ada --var order=A-1042 --json',
  );
}
