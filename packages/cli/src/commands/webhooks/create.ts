import type { Command } from 'commander';
import { type ApiFlags, apiCommand, commaList, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { checkHttpUrl } from '../../url.js';

/**
 * `--url` is the endpoint here (as in the API), so the server URL flag of this one command is
 * `--server-url`.
 */
export interface CreateOptions extends Omit<ApiFlags, 'url'> {
  /** The endpoint that receives the webhooks. */
  url?: string;
  /** The wagw server (what `--url` is on the other commands). */
  serverUrl?: string;
  events?: string[];
  description?: string;
}

export async function run(options: CreateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api({ url: options.serverUrl, apiKey: options.apiKey });
  const url = await valueOrPrompt(ctx, options.url, {
    flag: '--url',
    message: 'Endpoint URL (receives the webhooks)',
    validate: checkHttpUrl,
  });
  const endpoint = await api.webhooks.create({
    url,
    ...(options.events && options.events.length > 0 ? { events: options.events } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
  if (out.json) {
    out.printJson(endpoint);
    return;
  }
  out.fields([
    ['id', endpoint.id],
    ['url', endpoint.url],
    ['events', endpoint.events.join(', ')],
    ['secret', endpoint.secret],
  ]);
  out.info('\nThe signing secret is shown only now: store it to verify the webhook-signature header.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'create',
    'register an endpoint that receives events as signed webhooks',
    '--server-url',
  )
    .option('--url <url>', 'endpoint URL')
    .option('--events <types>', 'comma-separated event types, wildcards allowed (default: all)', commaList)
    .option('--description <text>', 'a note for yourself')
    .action((options: CreateOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw webhooks create --url https://example.com/hooks/wagw',
    'wagw webhooks create --url https://example.com/hooks --events message.delivered,message.read --json',
  );
}
