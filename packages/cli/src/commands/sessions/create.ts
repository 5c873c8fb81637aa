import type { Command } from 'commander';
import { Option } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSession } from './render.js';

export interface CreateOptions extends ApiFlags {
  name?: string;
  engine?: 'sandbox' | 'baileys';
  autoPair?: boolean;
  /** `--no-start` sets false; the API starts new sessions by default. */
  start?: boolean;
}

export async function run(options: CreateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await api.sessions.create({
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.engine !== undefined ? { engine: options.engine } : {}),
    ...(options.autoPair !== undefined ? { auto_pair: options.autoPair } : {}),
    ...(options.start === false ? { start: false } : {}),
  });
  printSession(out, session);
  if (!out.json)
    out.info(`\nPair it: wagw sessions pair ${session.id}${session.engine === 'sandbox' ? ' --scan' : ''}`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('create', 'create a session (one linked WhatsApp account)')
    .option('--name <name>', 'a label for the session')
    .addOption(new Option('--engine <engine>', 'WhatsApp engine').choices(['sandbox', 'baileys']))
    .option('--auto-pair', 'sandbox: pair by itself, without a QR scan')
    .option('--no-start', 'create it stopped')
    .action((options: CreateOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw sessions create --name support',
    'wagw sessions create --engine sandbox --auto-pair --json',
    'wagw sessions create --engine baileys --name sales   # a real WhatsApp account (or wagw sim)',
  );
}
