import { setTimeout as delay } from 'node:timers/promises';
import { AuthenticationError, Wagw } from '@wagw/sdk';
import type { ReceiverOptions, WebhookReceiver } from '@wagw/webhook-sim';
import {
  type ConfigStore,
  type ConnectionFlags,
  configPath,
  fileConfigStore,
  type Profile,
  resolveCredentials,
} from './config-store.js';
import { CliError, ExitCode } from './errors.js';
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

/** The part of `@wagw/webhook-sim` that `webhooks receive` uses. */
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
  /** Set by the global `--quiet`: commands print only ids. */
  quiet?: boolean;
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
  /** A client without a key, for register, login with a password and token refresh. */
  publicClient(url: string): ApiClient;
  /** Selects the profile `--profile` names (before the command runs). */
  selectProfile(name: string | undefined): void;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): number;
  /** Aborted on the first SIGINT/SIGTERM; long-running commands stop cleanly on it. */
  shutdownSignal(): AbortSignal;
  /** Renders a QR payload for the terminal. */
  renderQr(text: string): Promise<string>;
  loadServer(): Promise<ServerModule>;
  loadWebhookSim(): Promise<WebhookSimModule>;
}

export type ContextOverrides = Partial<Omit<Context, 'api' | 'selectProfile'>>;

/** An access token this close to expiry is refreshed before use. */
const REFRESH_MARGIN_MS = 60_000;

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
  let selectedProfile: string | undefined;
  const config =
    overrides.config ??
    fileConfigStore(configPath(env), () => selectedProfile ?? (env.WAGW_PROFILE || undefined));
  const createClient =
    overrides.createClient ??
    ((credentials) => new Wagw({ baseUrl: credentials.url, apiKey: credentials.apiKey }));
  const publicClient = overrides.publicClient ?? ((url: string) => new Wagw({ baseUrl: url }));
  const now = overrides.now ?? Date.now;
  return {
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    stdinIsTTY: overrides.stdinIsTTY ?? process.stdin.isTTY === true,
    env,
    config,
    prompts: overrides.prompts ?? inquirerPrompts,
    readStdin: overrides.readStdin ?? readStdin,
    createClient,
    publicClient,
    selectProfile(name) {
      selectedProfile = name;
    },
    async api(flags) {
      const needProfile = !(flags.url || env.WAGW_URL) || !(flags.apiKey || env.WAGW_API_KEY);
      let profile = needProfile ? await config.read() : undefined;
      const credentials = resolveCredentials(flags, env, profile);
      if (profile && credentials.source.apiKey === 'profile' && needsRefresh(profile, now())) {
        profile = await refreshProfile(profile, publicClient(profile.url), config);
        credentials.apiKey = profile.apiKey;
      }
      return createClient(credentials);
    },
    sleep: overrides.sleep ?? sleep,
    now,
    shutdownSignal: overrides.shutdownSignal ?? processShutdownSignal,
    renderQr: overrides.renderQr ?? renderQr,
    loadServer: overrides.loadServer ?? loadServer,
    loadWebhookSim: overrides.loadWebhookSim ?? (() => import('@wagw/webhook-sim')),
  };
}

function needsRefresh(profile: Profile, now: number): boolean {
  if (!profile.refreshToken || !profile.accessTokenExpiresAt) return false;
  return Date.parse(profile.accessTokenExpiresAt) - REFRESH_MARGIN_MS <= now;
}

/**
 * Swaps the profile's refresh token for new tokens and saves them. A refused refresh token (the
 * login session was revoked or expired) means logging in again (exit 4).
 */
async function refreshProfile(profile: Profile, client: ApiClient, config: ConfigStore): Promise<Profile> {
  let tokens: Awaited<ReturnType<ApiClient['auth']['refresh']>>;
  try {
    tokens = await client.auth.refresh(profile.refreshToken as string);
  } catch (error) {
    if (!AuthenticationError.is(error)) throw error;
    throw new CliError(`your login has ended: ${error.message}`, {
      code: 'UNAUTHENTICATED',
      requestId: error.requestId,
      exitCode: ExitCode.auth,
      hint: 'run `wagw login --email …` again',
    });
  }
  const next: Profile = {
    ...profile,
    apiKey: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessTokenExpiresAt: tokens.access_token_expires_at,
  };
  await config.write(next);
  return next;
}
