import type { Command } from 'commander';
import { leafCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface ResetKeyOptions {
  dataDir?: string;
  databaseUrl?: string;
  revokeOthers?: boolean;
  json?: boolean;
}

/**
 * Makes a new admin key straight in the database and prints it once, for an operator who lost the
 * admin key (whoever can open the database is trusted with it). `--revoke-others` revokes the
 * admin tenant's other keys.
 */
export async function run(options: ResetKeyOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const server = await ctx.loadServer();
  const fromEnv = server.configFromEnv(ctx.env);
  const dataDir = options.dataDir ?? fromEnv.dataDir;
  const databaseUrl = options.databaseUrl ?? fromEnv.databaseUrl;
  const result = await server.resetAdminKey(
    {
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(databaseUrl !== undefined ? { databaseUrl } : {}),
      ...(fromEnv.databaseSchema !== undefined ? { databaseSchema: fromEnv.databaseSchema } : {}),
    },
    { revokeOthers: options.revokeOthers === true },
  );
  if (out.json) {
    out.printJson(result);
    return;
  }
  out.line(`New admin API key ${result.keyId} (shown only this once; store it now):`);
  out.line();
  out.line(`  ${result.apiKey}`);
  out.line();
  if (result.revoked.length > 0) {
    out.info(
      `Revoked the admin tenant's ${result.revoked.length} other key(s): ${result.revoked.join(', ')}.`,
    );
  }
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('reset-key', 'make a new admin API key straight in the database; prints it once')
    .option('--data-dir <dir>', 'SQLite data directory (default: $WAGW_DATA_DIR or ./.wagw)')
    .option('--database-url <url>', 'use Postgres instead of SQLite (default: $WAGW_DATABASE_URL)')
    .option('--revoke-others', "revoke the admin tenant's other keys")
    .action((options: ResetKeyOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw admin reset-key', 'wagw admin reset-key --revoke-others --json').addHelpText(
    'after',
    '\nFor a lost admin key: it needs access to the database, not a key. Audited as api_key.reset.\nRunning servers stop accepting revoked keys within 5 seconds.\n',
  );
}
