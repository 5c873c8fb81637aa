import { type Command, Option } from 'commander';
import { integer, leafCommand, withExamples } from '../command-kit.js';
import type { Context } from '../context.js';
import { Output } from '../output.js';
import type { ServerConfigInput } from '../server-module.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface ServeOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  allowPrivateWebhooks?: boolean;
  waUrl?: string;
  defaultCountry?: string;
  logLevel?: (typeof LOG_LEVELS)[number];
  json?: boolean;
}

/** Flags over `WAGW_*` variables; the server applies its defaults to whatever is left unset. */
export function serverConfig(fromEnv: ServerConfigInput, options: ServeOptions): ServerConfigInput {
  const input: ServerConfigInput = { ...fromEnv };
  if (options.port !== undefined) input.port = options.port;
  if (options.host !== undefined) input.host = options.host;
  if (options.dataDir !== undefined) input.dataDir = options.dataDir;
  if (options.databaseUrl !== undefined) input.databaseUrl = options.databaseUrl;
  if (options.logLevel !== undefined) input.logLevel = options.logLevel;
  if (options.waUrl !== undefined) input.waUrl = options.waUrl;
  if (options.defaultCountry !== undefined) input.defaultCountry = options.defaultCountry;
  if (options.allowPrivateWebhooks) input.webhooks = { ...fromEnv.webhooks, allowPrivateTargets: true };
  return input;
}

/** The URL the server will have, for hints printed before it runs. */
export function serverUrlHint(config: ServerConfigInput): string {
  const host = config.host ?? '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port ?? 3000}`;
}

/** Runs the gateway in this process until SIGINT/SIGTERM, then closes it and exits 0. */
export async function run(options: ServeOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  // Listen for Ctrl-C before starting, so one pressed during startup still closes cleanly.
  const signal = ctx.shutdownSignal();
  const server = await ctx.loadServer();
  const running = await server.startStandalone(serverConfig(server.configFromEnv(ctx.env), options));
  const { url, admin } = running;

  if (out.json) {
    out.printJsonLine({
      url,
      tenantId: admin.tenantId,
      created: admin.created,
      ...(admin.apiKey ? { apiKey: admin.apiKey } : {}),
    });
  } else {
    out.line(`wagw is running at ${url} (API docs: ${url}/docs)`);
    if (admin.apiKey) {
      out.line();
      out.line(`New database: created the admin tenant ${admin.tenantId}.`);
      out.line('Admin API key (shown only this once; store it now):');
      out.line();
      out.line(`  ${admin.apiKey}`);
      out.line();
      // Never a command line with the key in it: it would end up in shell history and `ps`.
      out.line(`Log the CLI in with \`wagw login --url ${url}\`, which asks for this key`);
      out.line('(in a clone of the wagw repository: `npx wagw login …`).');
    }
    out.info('Press Ctrl-C to stop.');
  }

  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  out.info('Shutting down…');
  await running.close();
  out.info('Stopped.');
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('serve', 'run the wagw gateway (HTTP API, sessions, webhooks) in this process')
    .option('--port <port>', 'port to listen on (default: $WAGW_PORT or 3000)', integer(0, 65535))
    .option('--host <host>', 'interface to bind (default: $WAGW_HOST or 127.0.0.1)')
    .option(
      '--data-dir <dir>',
      'where SQLite data and the master key live (default: $WAGW_DATA_DIR or ./.wagw)',
    )
    .option('--database-url <url>', 'use Postgres instead of SQLite (default: $WAGW_DATABASE_URL)')
    .option(
      '--allow-private-webhooks',
      'allow webhook URLs on localhost / private networks (for local testing)',
    )
    .option(
      '--wa-url <url>',
      "WhatsApp WebSocket URL for baileys sessions, e.g. a local simulator (default: $WAGW_WA_URL or WhatsApp's own)",
    )
    .option(
      '--default-country <ISO>',
      'ISO country code national numbers (no +) are read in, e.g. US, GB (default: $WAGW_DEFAULT_COUNTRY; none: numbers without + are refused)',
    )
    .addOption(
      new Option('--log-level <level>', 'server log level (default: $WAGW_LOG_LEVEL)').choices(LOG_LEVELS),
    )
    .action((options: ServeOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw serve',
    'wagw serve --port 8080 --data-dir /var/lib/wagw',
    'wagw serve --allow-private-webhooks   # then: wagw webhooks receive',
    'wagw serve --default-country GB       # 07700 900123 is +447700900123',
    'WAGW_DATABASE_URL=postgres://wagw@localhost/wagw wagw serve --host 0.0.0.0',
    `WAGW_SINKS='[{"kind":"nats","name":"bus","url":"nats://127.0.0.1:4222","stream":"WAGW"}]' wagw serve   # events to NATS JetStream (docs/sinks.md)`,
  ).addHelpText(
    'after',
    '\nOn a new database it prints the admin API key once. Every WAGW_* variable is read; flags win.\nNeeds @wagw/server next to the CLI (npm i -g @wagw/server).\n',
  );
}
