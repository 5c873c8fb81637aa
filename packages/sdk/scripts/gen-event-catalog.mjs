// Writes src/generated/event-catalog.ts from the server's openapi.json: each event type's
// description and example, from the document's `webhooks` section (the server's event catalog).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const spec = JSON.parse(readFileSync(join(import.meta.dirname, '../../server/openapi.json'), 'utf8'));
const entries = Object.entries(spec.webhooks).map(([type, item]) => ({
  type,
  description: item.post.description,
  example: item.post.requestBody.content['application/json'].example,
}));
const out = `// Generated from packages/server/openapi.json (its \`webhooks\` section) by \`pnpm gen\`: do not edit.
import type { EventType, WebhookEventOf } from '../types.js';

/** What each event type means (the server's event catalog). */
export const EVENT_DESCRIPTIONS: { readonly [T in EventType]: string } = ${JSON.stringify(
  Object.fromEntries(entries.map((e) => [e.type, e.description])),
  null,
  2,
)};

/** A realistic webhook body of each event type, with fixed ids and times (the catalog's examples). */
export const EVENT_EXAMPLES: { readonly [T in EventType]: WebhookEventOf<T> } = ${JSON.stringify(
  Object.fromEntries(entries.map((e) => [e.type, e.example])),
  null,
  2,
)};
`;
const file = join(import.meta.dirname, '../src/generated/event-catalog.ts');
writeFileSync(file, out);
console.log(`wrote ${file}`);
