import type { ConfigStore, Profile } from '../config-store.js';
import {
  type ApiClient,
  type Context,
  type ContextOverrides,
  createContext,
  type Prompts,
} from '../context.js';
import { reportError } from '../errors.js';

/** Anything shaped like the parts of the SDK client a test needs. */
export type FakeClient = Record<string, unknown>;

export interface FakeContextOptions extends ContextOverrides {
  client?: FakeClient;
  /** Answers for the prompts, in order; asking more fails the test. */
  answers?: string[];
  /** The saved profile; `null` for none (not logged in). */
  profile?: Profile | null;
  /** What stdin holds when it is not a terminal (default: nothing, as with `< /dev/null`). */
  stdin?: string;
}

export interface FakeContext extends Context {
  stdoutText(): string;
  stderrText(): string;
  /**
   * Resolves once stdout contains `text` (or satisfies the predicate), checked on every write: no
   * timer, so a slow machine only makes it later, never fails it (the test's timeout bounds it).
   */
  stdoutShows(text: string | ((all: string) => boolean)): Promise<void>;
  /** As `stdoutShows`, for stderr. */
  stderrShows(text: string | ((all: string) => boolean)): Promise<void>;
  /** Prompt messages shown, in order. */
  readonly prompted: string[];
  /** Every credential set `createClient` was called with. */
  readonly clientsCreated: Array<{ url: string; apiKey: string }>;
  /** What `config.write` saved, if anything. */
  saved: Profile | undefined;
  /** Aborts `shutdownSignal()`, as Ctrl-C would. */
  interrupt(): void;
}

export function memoryConfigStore(initial?: Profile): ConfigStore & { saved: Profile | undefined } {
  let current = initial;
  return {
    path: '/fake/.config/wagw/config.json',
    saved: undefined,
    async read() {
      return current;
    },
    async write(profile) {
      current = profile;
      this.saved = profile;
    },
  };
}

function capture() {
  const chunks: string[] = [];
  const waiters = new Set<() => void>();
  const text = () => chunks.join('');
  return {
    stream: {
      write: (chunk: string) => {
        chunks.push(chunk);
        for (const check of waiters) check();
        return true;
      },
    },
    text,
    shows(expected: string | ((all: string) => boolean)): Promise<void> {
      const met = typeof expected === 'string' ? (all: string) => all.includes(expected) : expected;
      return new Promise((resolve) => {
        const check = () => {
          if (!met(text())) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/**
 * A context with captured streams, no TTY, instant sleeps, a logged-in profile (overridable) and
 * the given fake SDK client.
 */
export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const {
    client = {},
    answers = [],
    profile = { url: 'http://wagw.test', apiKey: 'wagw_test_key' },
    stdin = '',
    ...rest
  } = options;
  const stdout = capture();
  const stderr = capture();
  const prompted: string[] = [];
  const clientsCreated: Array<{ url: string; apiKey: string }> = [];
  const store = memoryConfigStore(profile ?? undefined);
  const shutdown = new AbortController();
  const ask = async (message: string) => {
    prompted.push(message);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected prompt: ${message}`);
    return answer;
  };
  const prompts: Prompts = {
    input: (p) => ask(p.message),
    password: (p) => ask(p.message),
  };
  let clock = 1_700_000_000_000;
  const ctx = createContext({
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdinIsTTY: false,
    env: {},
    config: store,
    prompts,
    readStdin: async () => stdin,
    createClient: (credentials) => {
      clientsCreated.push({ url: credentials.url, apiKey: credentials.apiKey });
      return client as unknown as ApiClient;
    },
    publicClient: (url) => {
      clientsCreated.push({ url, apiKey: '' });
      return client as unknown as ApiClient;
    },
    // Time only moves when the command sleeps, so polling tests are instant and deterministic.
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    shutdownSignal: () => shutdown.signal,
    renderQr: async (text) => `[QR ${text}]`,
    loadServer: async () => {
      throw new Error('loadServer not faked');
    },
    loadWebhookSim: async () => {
      throw new Error('loadWebhookSim not faked');
    },
    ...rest,
  });
  return {
    ...ctx,
    stdoutText: stdout.text,
    stderrText: stderr.text,
    stdoutShows: stdout.shows,
    stderrShows: stderr.shows,
    prompted,
    clientsCreated,
    get saved() {
      return store.saved;
    },
    interrupt: () => shutdown.abort('SIGINT'),
  };
}

/** Runs a command like `bin.ts` does: returns the exit code, with errors printed to the fake stderr. */
export async function exec(ctx: Context, command: () => Promise<void>): Promise<number> {
  try {
    await command();
    return 0;
  } catch (error) {
    return reportError(error, (text) => ctx.stderr.write(text));
  }
}
