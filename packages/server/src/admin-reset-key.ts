import type { ConfigInput } from './config/config-schema.js';
import { parseConfig } from './config/parse-config.js';
import { Gateway } from './gateway.js';

export interface AdminKeyReset {
  tenantId: string;
  keyId: string;
  /** The new admin key, shown only this once. */
  apiKey: string;
  /** The ids of the admin tenant's keys revoked with `revokeOthers`. */
  revoked: string[];
}

/**
 * Makes a new admin key straight in the database (`wagw admin reset-key`), for an operator who lost
 * the admin key: whoever can open the database is trusted with it. Audited as `api_key.reset` by
 * the system. Running servers stop accepting keys revoked here within their 5 s auth cache.
 */
export async function resetAdminKey(
  input: ConfigInput = {},
  options: { revokeOthers?: boolean } = {},
): Promise<AdminKeyReset> {
  const config = parseConfig({ ...input, logLevel: input.logLevel ?? 'silent' });
  const gateway = await Gateway.open(config);
  try {
    const { tenantId, keyId, key, revoked } = await gateway.tenantAdmin.resetAdminKey(options);
    return { tenantId, keyId, apiKey: key, revoked };
  } finally {
    await gateway.close();
  }
}
