import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../domain/types.js';
import { renderEventsDoc } from './events-doc.js';

describe('docs/events.md', () => {
  it('is the page rendered from the event catalog (run `pnpm gen` when this fails)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../../../docs/events.md'), 'utf8');
    expect(committed).toBe(renderEventsDoc());
  });

  it('has a section for every event type', () => {
    const page = renderEventsDoc();
    for (const type of EVENT_TYPES) expect(page).toContain(`## \`${type}\``);
  });
});
