import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, notLoggedIn } from './errors.js';

/** What `wagw login` saves. */
export interface Profile {
  url: string;
  apiKey: string;
}

/** The connection flags every API command takes. */
export interface ConnectionFlags {
  url?: string | undefined;
  apiKey?: string | undefined;
}

export type CredentialSource = 'flag' | 'env' | 'profile';

export interface Credentials extends Profile {
  source: { url: CredentialSource; apiKey: CredentialSource };
}

export interface ConfigStore {
  /** The profile file, e.g. `~/.config/wagw/config.json`. */
  readonly path: string;
  /** The saved profile, or `undefined` when there is none yet. */
  read(): Promise<Profile | undefined>;
  /** Saves the profile, readable by the owner only (0600). */
  write(profile: Profile): Promise<void>;
}

/** `$WAGW_CONFIG_DIR/config.json`, else `$XDG_CONFIG_HOME/wagw/config.json`, else `~/.config/wagw/config.json`. */
export function configPath(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  if (env.WAGW_CONFIG_DIR) return join(env.WAGW_CONFIG_DIR, 'config.json');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'wagw', 'config.json');
}

const PROFILE_KEYS = new Set(['url', 'apiKey']);

function parseProfile(text: string, path: string): Profile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON`, {
      code: 'CONFIG_INVALID',
      hint: 'fix or delete it, then run `wagw login`',
    });
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  const unknown = record ? Object.keys(record).filter((k) => !PROFILE_KEYS.has(k)) : [];
  const { url, apiKey } = (record ?? {}) as Record<string, unknown>;
  if (!record || unknown.length > 0 || typeof url !== 'string' || typeof apiKey !== 'string') {
    const why = unknown.length > 0 ? `unknown keys ${unknown.join(', ')}` : 'expected { "url", "apiKey" }';
    throw new CliError(`${path} is not a wagw profile (${why})`, {
      code: 'CONFIG_INVALID',
      hint: 'run `wagw login` to rewrite it',
    });
  }
  return { url, apiKey };
}

/** The profile file store. */
export function fileConfigStore(path: string): ConfigStore {
  return {
    path,
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      return parseProfile(text, path);
    },
    async write(profile) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // Write-then-rename so a crash never leaves half a file; the key is never world-readable.
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify({ url: profile.url, apiKey: profile.apiKey }, null, 2)}\n`, {
        mode: 0o600,
      });
      await chmod(temp, 0o600);
      await rename(temp, path);
    },
  };
}

/**
 * Picks the URL and the API key, each on its own: a flag wins over `WAGW_URL` / `WAGW_API_KEY`,
 * which win over the saved profile. Throws an auth error (exit 4) when one is missing.
 */
export function resolveCredentials(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  profile: Profile | undefined,
): Credentials {
  const pick = (flag: string | undefined, fromEnv: string | undefined, saved: string | undefined) => {
    if (flag) return { value: flag, source: 'flag' as const };
    if (fromEnv) return { value: fromEnv, source: 'env' as const };
    if (saved) return { value: saved, source: 'profile' as const };
    return undefined;
  };
  const url = pick(flags.url, env.WAGW_URL, profile?.url);
  const apiKey = pick(flags.apiKey, env.WAGW_API_KEY, profile?.apiKey);
  if (!url) throw notLoggedIn('server URL');
  if (!apiKey) throw notLoggedIn('API key');
  return { url: url.value, apiKey: apiKey.value, source: { url: url.source, apiKey: apiKey.source } };
}
