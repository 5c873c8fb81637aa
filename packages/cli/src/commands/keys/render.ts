import type { ApiKey } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

export const KEY_COLUMNS: readonly Column<ApiKey>[] = [
  { header: 'ID', value: (k) => k.id },
  { header: 'NAME', value: (k) => k.name, maxWidth: 30 },
  { header: 'MODE', value: (k) => k.mode },
  { header: 'PREFIX', value: (k) => k.prefix },
  { header: 'SCOPES', value: (k) => (k.scopes === null ? 'all' : k.scopes.join(',')), maxWidth: 40 },
  { header: 'EXPIRES', value: (k) => k.expires_at ?? '-' },
  { header: 'LAST USED', value: (k) => k.last_used_at ?? '-' },
  { header: 'STATE', value: (k) => stateOf(k) },
];

function stateOf(k: ApiKey): string {
  if (k.revoked_at !== null) return 'revoked';
  if (k.replaced_by !== null) return `rotated until ${k.grace_until}`;
  if (k.expires_at !== null && Date.parse(k.expires_at) <= Date.now()) return 'expired';
  return 'active';
}

/** A key with its secret, shown once. */
export function printNewKey(out: Output, key: ApiKey & { key: string }): void {
  out.fields([
    ['id', key.id],
    ['name', key.name],
    ['mode', key.mode],
    ['scopes', key.scopes === null ? 'all' : key.scopes.join(', ')],
    ['expires', key.expires_at ?? 'never'],
    ['allowed ips', key.allowed_ips === null ? 'any' : key.allowed_ips.join(', ')],
    ['key', key.key],
  ]);
  out.info('\nThe key is shown only now: store it.');
}
