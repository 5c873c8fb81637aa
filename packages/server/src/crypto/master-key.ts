import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    throw new MasterKeyError(`The master key from ${source} is not base64 of 32 bytes.`);
  }
  return key;
}

/**
 * The master key encrypts secrets at rest. It comes from the configuration, or from
 * `<dataDir>/master.key`, which is generated (mode 0600) only when the database is new. An existing
 * database without its key is an error: we never fall back to plaintext or to a fresh key.
 */
export function loadMasterKey(options: {
  dataDir: string;
  masterKey?: string | undefined;
  allowCreate: boolean;
}): Buffer {
  if (options.masterKey) return decodeKey(options.masterKey, 'the configuration (WAGW_MASTER_KEY)');
  const file = join(options.dataDir, 'master.key');
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new MasterKeyError(`Cannot read the master key at ${file}.`, { cause: error });
    }
    return decodeKey(text, file);
  }
  if (!options.allowCreate) {
    throw new MasterKeyError(
      `No master key: ${file} is missing and WAGW_MASTER_KEY is not set, but the database already holds encrypted data. Restore the key file from your backup.`,
    );
  }
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/** A stable id for this node's leases, persisted beside the database so a restart reclaims them. */
export function loadNodeId(dataDir: string, generate: () => string): string {
  const file = join(dataDir, 'node-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const id = generate();
  writeFileSync(file, `${id}\n`);
  return id;
}
