import type { Context } from './context.js';
import { ExitCode, reportError } from './errors.js';
import { buildProgram } from './program.js';

/** `--json` among the flags (not after `--`): decides how errors print before parsing succeeds. */
function asksForJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

/**
 * Parses `args` (without `node` and the script), runs the command and returns the exit code. With
 * `--json`, an error is printed as one JSON line on stderr (`{"error":{"code","message","request_id"}}`)
 * instead of text; the exit code is the same.
 */
export async function main(args: readonly string[], ctx: Context): Promise<ExitCode> {
  // Guessed from the raw arguments for errors commander finds while parsing; once a command is
  // about to run, its parsed `--json` decides (`--text --json` is text, not the flag).
  let json = asksForJson(args);
  const program = buildProgram(ctx, { jsonErrors: () => json });
  program.hook('preAction', (_program, action) => {
    json = action.opts().json === true;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, (text) => ctx.stderr.write(text), {
      json,
      debug: Boolean(ctx.env.WAGW_DEBUG),
    });
  }
}
