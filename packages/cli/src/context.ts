import { setTimeout as delay } from 'node:timers/promises';
import { Wagw } from '@wagw/sdk';
import type { ReceiverOptions, WebhookReceiver } from '@wagw/webhook-sim';
import {
  type ConfigStore,
  type ConnectionFlags,
  configPath,
  fileConfigStore,
  resolveCredentials,
} from './config-store.js';
import type { Streams } from './output.js';
import { loadServer, type ServerModule } from './server-module.js';

/** The API client commands use; tests pass a fake with the same shape. */
export type ApiClient = Wagw;

export interface InputPrompt {
  message: string;
  default?: string;
  validate?: (value: string) => true | string;
}

/** Interactive prompts. Commands call them only to fill a missing flag, and only on a TTY. */
export interface Prompts {
  input(prompt: InputPrompt): Promise<string>;
  password(prompt: { message: string }): Promise<string>;
}

/** The part of `@wagw/webhook-sim` that `webhooks listen` uses. */
export interface WebhookSimModule {
  startReceiver(options: ReceiverOptions): Promise<WebhookReceiver>;
}

/**
 * Everything a command needs from the outside world. Commands receive it as their second
 * argument; tests build one with fakes (see `createContext` overrides).
 */
export interface Context {
  readonly stdout: Streams['stdout'];
  readonly stderr: Streams['stderr'];
  /** Prompts are allowed only when stdin is a terminal. */
  readonly stdinIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly config: ConfigStore;
  readonly prompts: Prompts;
  /** All of stdin, for `--api-key-stdin` and `--secret-stdin` when stdin is not a terminal. */
  readStdin(): Promise<string>;
  /** An API client for these flags (flag > env > profile); exits 4 when not logged in. */
  api(flags: ConnectionFlags): Promise<ApiClient>;
  /** A client for explicit credentials (used by `login` to check them before saving). */
  createClient(credentials: { url: string; apiKey: string }): ApiClient;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): number;
  /** Aborted on the first SIGINT/SIGTERM; long-running commands stop cleanly on it. */
  shutdownSignal(): AbortSignal;
  /** Renders a QR payload for the terminal. */
  renderQr(text: string): Promise<string>;
  loadServer(): Promise<ServerModule>;
  loadWebhookSim(): Promise<WebhookSimModule>;
}

export type ContextOverrides = Partial<Omit<Context, 'api'>>;

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}

let shutdown: AbortController | undefined;

function processShutdownSignal(): AbortSignal {
  if (!shutdown) {
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      // A second Ctrl-C while shutting down means "now".
      if (controller.signal.aborted) process.exit(130);
      controller.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    shutdown = controller;
  }
  return shutdown.signal;
}

async function renderQr(text: string): Promise<string> {
  const { default: qrcode } = await import('qrcode-terminal');
  return new Promise((resolve) => qrcode.generate(text, { small: true }, resolve));
}

const inquirerPrompts: Prompts = {
  // Loaded on first use (most runs never prompt); drawn on stderr so stdout stays clean.
  async input(prompt) {
    const { input } = await import('@inquirer/prompts');
    return input(prompt, { output: process.stderr });
  },
  async password(prompt) {
    const { password } = await import('@inquirer/prompts');
    return password({ ...prompt, mask: '*' }, { output: process.stderr });
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The real context (process streams, `~/.config/wagw`, the SDK), with any part replaceable. */
export function createContext(overrides: ContextOverrides = {}): Context {
  const env = overrides.env ?? process.env;
  const config = overrides.config ?? fileConfigStore(configPath(env));
  const createClient =
    overrides.createClient ??
    ((credentials) => new Wagw({ baseUrl: credentials.url, apiKey: credentials.apiKey }));
  return {
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    stdinIsTTY: overrides.stdinIsTTY ?? process.stdin.isTTY === true,
    env,
    config,
    prompts: overrides.prompts ?? inquirerPrompts,
    readStdin: overrides.readStdin ?? readStdin,
    createClient,
    async api(flags) {
      const needProfile = !(flags.url || env.WAGW_URL) || !(flags.apiKey || env.WAGW_API_KEY);
      const profile = needProfile ? await config.read() : undefined;
      return createClient(resolveCredentials(flags, env, profile));
    },
    sleep: overrides.sleep ?? sleep,
    now: overrides.now ?? Date.now,
    shutdownSignal: overrides.shutdownSignal ?? processShutdownSignal,
    renderQr: overrides.renderQr ?? renderQr,
    loadServer: overrides.loadServer ?? loadServer,
    loadWebhookSim: overrides.loadWebhookSim ?? (() => import('@wagw/webhook-sim')),
  };
}
