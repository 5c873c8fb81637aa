import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, notLoggedIn, UsageError } from './errors.js';

/** What `wagw login` and `wagw register` save: one profile. */
export interface Profile {
  url: string;
  /** The bearer token: an API key, or a login access token (`wagw_at_…`). */
  apiKey: string;
  /** With a login (email and password): the refresh token, used when the access token expires. */
  refreshToken?: string;
  /** ISO time the access token expires. */
  accessTokenExpiresAt?: string;
  /** The email logged in with. */
  email?: string;
  /** The session commands use when none is given (`wagw sessions use ses_…`). */
  defaultSession?: string;
}

/** The connection flags every API command takes. */
export interface ConnectionFlags {
  url?: string | undefined;
  apiKey?: string | undefined;
}

export type CredentialSource = 'flag' | 'env' | 'profile';

export interface Credentials extends Pick<Profile, 'url' | 'apiKey'> {
  source: { url: CredentialSource; apiKey: CredentialSource };
}

export interface ConfigStore {
  /** The profile file, e.g. `~/.config/wagw/config.json`. */
  readonly path: string;
  /** The selected profile, or `undefined` when there is none yet. */
  read(): Promise<Profile | undefined>;
  /** Saves the selected profile (the others are kept), readable by the owner only (0600). */
  write(profile: Profile): Promise<void>;
  /** The selected profile's name: `--profile`, else `$WAGW_PROFILE`, else the current one. */
  profileName?(): Promise<string>;
  /** Every saved profile and the current one. */
  list?(): Promise<{ current: string; profiles: Record<string, Profile> }>;
  /** Makes `name` the current profile. */
  use?(name: string): Promise<void>;
  /** Deletes the selected profile. */
  remove?(): Promise<void>;
}

/** `$WAGW_CONFIG_DIR/config.json`, else `$XDG_CONFIG_HOME/wagw/config.json`, else `~/.config/wagw/config.json`. */
export function configPath(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  if (env.WAGW_CONFIG_DIR) return join(env.WAGW_CONFIG_DIR, 'config.json');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'wagw', 'config.json');
}

export const DEFAULT_PROFILE = 'default';
const PROFILE_KEYS = new Set([
  'url',
  'apiKey',
  'refreshToken',
  'accessTokenExpiresAt',
  'email',
  'defaultSession',
]);
const FILE_KEYS = new Set(['current', 'profiles']);

/** The whole file: named profiles and the current one. */
interface ConfigFile {
  current: string;
  profiles: Record<string, Profile>;
}

const invalid = (path: string, why: string) =>
  new CliError(`${path} is not a wagw profile (${why})`, {
    code: 'CONFIG_INVALID',
    hint: 'run `wagw login` to rewrite it',
  });

function parseProfile(value: unknown, path: string): Profile {
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  const unknown = record ? Object.keys(record).filter((k) => !PROFILE_KEYS.has(k)) : [];
  const fields = (record ?? {}) as Record<string, unknown>;
  const { url, apiKey } = fields;
  if (!record || unknown.length > 0 || typeof url !== 'string' || typeof apiKey !== 'string') {
    throw invalid(
      path,
      unknown.length > 0 ? `unknown keys ${unknown.join(', ')}` : 'expected { "url", "apiKey" }',
    );
  }
  const profile: Profile = { url, apiKey };
  for (const key of ['refreshToken', 'accessTokenExpiresAt', 'email', 'defaultSession'] as const) {
    const v = fields[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw invalid(path, `${key} must be a string`);
    profile[key] = v;
  }
  return profile;
}

/**
 * Reads the file in either shape: a single profile (`{ "url", "apiKey" }`, what older versions
 * wrote: it is the "default" profile) or named profiles (`{ "current", "profiles": { … } }`).
 */
function parseFile(text: string, path: string): ConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON`, {
      code: 'CONFIG_INVALID',
      hint: 'fix or delete it, then run `wagw login`',
    });
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (!('profiles' in record))
    return { current: DEFAULT_PROFILE, profiles: { [DEFAULT_PROFILE]: parseProfile(value, path) } };
  const unknown = Object.keys(record).filter((k) => !FILE_KEYS.has(k));
  if (unknown.length > 0) throw invalid(path, `unknown keys ${unknown.join(', ')}`);
  const profiles = record.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles))
    throw invalid(path, '"profiles" must be an object');
  const current = typeof record.current === 'string' ? record.current : DEFAULT_PROFILE;
  return {
    current,
    profiles: Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, parseProfile(p, path)])),
  };
}

/** A lone default profile with only a URL and a key is written as before, for older versions. */
function serialise(file: ConfigFile): string {
  const names = Object.keys(file.profiles);
  const only = file.profiles[DEFAULT_PROFILE];
  const flat =
    names.length === 1 &&
    only &&
    file.current === DEFAULT_PROFILE &&
    Object.keys(only).every((k) => k === 'url' || k === 'apiKey');
  return `${JSON.stringify(flat ? { url: only.url, apiKey: only.apiKey } : file, null, 2)}\n`;
}

/**
 * The profile file store. `select` gives the profile named on the command line (`--profile`);
 * without one, `$WAGW_PROFILE` (read by the caller into `select`) or the file's current profile.
 */
export function fileConfigStore(
  path: string,
  select: () => string | undefined = () => undefined,
): ConfigStore {
  const load = async (): Promise<ConfigFile | undefined> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseFile(text, path);
  };
  const save = async (file: ConfigFile) => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // Write-then-rename so a crash never leaves half a file; the key is never world-readable.
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, serialise(file), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, path);
  };
  const nameIn = (file: ConfigFile | undefined) => select() ?? file?.current ?? DEFAULT_PROFILE;
  return {
    path,
    async read() {
      const file = await load();
      return file?.profiles[nameIn(file)];
    },
    async write(profile) {
      // A file that is not valid is rewritten (its error's hint says `wagw login` does that).
      const file = (await load().catch((error: unknown) => {
        if (error instanceof CliError && error.code === 'CONFIG_INVALID') return undefined;
        throw error;
      })) ?? { current: DEFAULT_PROFILE, profiles: {} };
      const name = nameIn(file);
      const clean: Profile = { url: profile.url, apiKey: profile.apiKey };
      if (profile.refreshToken) clean.refreshToken = profile.refreshToken;
      if (profile.accessTokenExpiresAt) clean.accessTokenExpiresAt = profile.accessTokenExpiresAt;
      if (profile.email) clean.email = profile.email;
      file.profiles[name] = clean;
      // The first profile saved becomes the current one.
      if (!file.profiles[file.current]) file.current = name;
      await save(file);
    },
    async profileName() {
      return nameIn(await load());
    },
    async list() {
      const file = await load();
      return file ?? { current: nameIn(undefined), profiles: {} };
    },
    async use(name) {
      const file = await load();
      if (!file?.profiles[name]) {
        throw new UsageError(
          `no profile named ${name}`,
          'see `wagw profiles list`; `wagw login --profile NAME` creates one',
        );
      }
      file.current = name;
      await save(file);
    },
    async remove() {
      const file = await load();
      if (!file) return;
      delete file.profiles[nameIn(file)];
      await save(file);
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
