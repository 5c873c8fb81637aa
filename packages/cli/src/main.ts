import type { Context } from './context.js';
import { ExitCode, reportError } from './errors.js';
import { buildProgram } from './program.js';

/** Parses `args` (without `node` and the script), runs the command and returns the exit code. */
export async function main(args: readonly string[], ctx: Context): Promise<ExitCode> {
  try {
    await buildProgram(ctx).parseAsync([...args], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, (text) => ctx.stderr.write(text), Boolean(ctx.env.WAGW_DEBUG));
  }
}
