import { CliError } from './errors.js';

/** The commands each optional package serves, for the error that says it is missing. */
const NEEDED_BY: Record<string, string> = {
  '@wagw/server': '`wagw serve` and `wagw admin init|reset-key`',
  '@wagw/wa-sim': '`wagw sim` and `wagw sessions pair --scan`',
};

/** True when `error` says that `specifier` itself (not one of its dependencies) cannot be found. */
function isMissing(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return (error as Error).message.includes(`'${specifier}'`);
}

/**
 * Imports an optional package of the CLI (`@wagw/server`, `@wagw/wa-sim`: peer dependencies, so a
 * CLI installed for `wagw send` never compiles better-sqlite3 or pulls Baileys). When it is not
 * installed, a `NOT_INSTALLED` error says what to install; any other failure passes through.
 */
export async function importOptional<T>(specifier: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, specifier)) throw error;
    throw new CliError(`${NEEDED_BY[specifier] ?? specifier} need ${specifier}, which is not installed`, {
      code: 'NOT_INSTALLED',
      hint: `install it next to the CLI: \`npm i -g ${specifier}\` (with a global wagw) or \`npm i ${specifier}\` (in the project that has wagw)`,
      cause: error,
    });
  }
}
