import type { Command } from 'commander';
import { leafCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { serverUrlHint } from '../serve.js';

export interface InitOptions {
  dataDir?: string;
  databaseUrl?: string;
  json?: boolean;
}

/**
 * Creates the schema and the admin tenant, printing the admin API key once. Safe to re-run: an
 * initialised database is left as it is and no key is printed.
 */
export async function run(options: InitOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const server = await ctx.loadServer();
  const fromEnv = server.configFromEnv(ctx.env);
  const dataDir = options.dataDir ?? fromEnv.dataDir;
  const databaseUrl = options.databaseUrl ?? fromEnv.databaseUrl;
  const result = await server.initializeDatabase({
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    ...(fromEnv.databaseSchema !== undefined ? { databaseSchema: fromEnv.databaseSchema } : {}),
  });

  if (out.json) {
    out.printJson(
      result.created && result.apiKey
        ? { tenantId: result.tenantId, apiKey: result.apiKey, created: true }
        : { tenantId: result.tenantId, created: result.created },
    );
    return;
  }
  if (!result.created) {
    out.line(
      `The database is already initialised (admin tenant ${result.tenantId}); no new key was created.`,
    );
    return;
  }
  out.line(`Initialised the database; admin tenant ${result.tenantId}.`);
  if (result.apiKey) {
    out.line('Admin API key (shown only this once; store it now):');
    out.line();
    out.line(`  ${result.apiKey}`);
    out.line();
    out.info(`Next: wagw serve, then: wagw login --url ${serverUrlHint(fromEnv)} --api-key ${result.apiKey}`);
  }
}

export function command(ctx: Context): Command {
  const cmd = leafCommand(
    'init',
    'create the database schema and the admin tenant; prints the admin key once',
  )
    .option('--data-dir <dir>', 'SQLite data directory (default: $WAGW_DATA_DIR or ./.wagw)')
    .option('--database-url <url>', 'use Postgres instead of SQLite (default: $WAGW_DATABASE_URL)')
    .action((options: InitOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw admin init',
    'wagw admin init --database-url postgres://wagw@localhost/wagw --json',
  ).addHelpText(
    'after',
    '\n`wagw serve` does this by itself on first start; use init to provision ahead of time.\n',
  );
}
