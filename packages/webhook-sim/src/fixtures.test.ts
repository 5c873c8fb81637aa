import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from './event-types.js';
import { fixture, fixtures } from './fixtures.js';
import { parsePayload } from './parse-payload.js';

const ID = (prefix: string) => new RegExp(`^${prefix}_[0-9A-Za-z]{24}$`);
const E164 = /^\+[1-9]\d{6,14}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('fixtures catalog', () => {
  it('has exactly one fixture per event type, with a matching type', () => {
    expect(Object.keys(fixtures).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) expect(fixtures[type].type).toBe(type);
  });

  it('is deterministic, well-formed and frozen', () => {
    const ids = WEBHOOK_EVENT_TYPES.map((t) => fixtures[t].id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const type of WEBHOOK_EVENT_TYPES) {
      const p = fixtures[type];
      expect(p.id).toMatch(ID('evt'));
      expect(p.session_id).toMatch(ID('ses'));
      expect(p.timestamp).toBe('2026-11-22T10:00:00.000Z');
      expect(parsePayload(JSON.stringify(p))).toEqual(p);
    }
    expect(Object.isFrozen(fixtures['message.read'].data)).toBe(true);
    expect(() => {
      (fixtures['message.read'] as { sequence: number }).sequence = 99;
    }).toThrow(TypeError);
  });
});

describe('fixture()', () => {
  it('returns a fresh, well-formed payload for every type', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const p = fixture(type);
      expect(p.type).toBe(type);
      expect(p.id).toMatch(ID('evt'));
      expect(p.session_id).toMatch(ID('ses'));
      expect(p.timestamp).toMatch(ISO);
      expect(Math.abs(Date.parse(p.timestamp) - Date.now())).toBeLessThan(5_000);
      expect(p.sequence).toBeGreaterThan(0);
      expect(p.data.session_id).toBe(p.session_id);
      if (p.type === 'session.status') {
        expect(p.data.status).toBe('connected');
        continue;
      }
      const m = p.data;
      expect(m.id).toMatch(ID('msg'));
      expect(m.to).toMatch(E164);
      expect(m.from).toMatch(E164);
      expect(m.created_at).toMatch(ISO);
      for (const t of [m.sent_at, m.delivered_at, m.read_at, m.failed_at])
        if (t !== null) expect(t).toMatch(ISO);
    }
  });

  it('gives message events consistent statuses', () => {
    expect(fixture('message.sent').data).toMatchObject({
      direction: 'outbound',
      status: 'sent',
      error: null,
    });
    expect(fixture('message.delivered').data.delivered_at).not.toBeNull();
    expect(fixture('message.read').data).toMatchObject({ status: 'read', read_at: expect.any(String) });
    const failed = fixture('message.failed').data;
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: expect.any(String) },
      wa_message_id: null,
    });
    expect(fixture('message.received').data).toMatchObject({ direction: 'inbound', status: 'received' });
  });

  it('generates unique ids on every call', () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      fixture(WEBHOOK_EVENT_TYPES[i % 6] ?? 'message.sent'),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(200);
    expect(new Set(events.map((e) => e.session_id)).size).toBe(200);
  });

  it('applies overrides and propagates session_id into data', () => {
    const p = fixture('session.status', {
      session_id: 'ses_custom',
      sequence: 7,
      data: { status: 'logged_out', reason: 'device_removed' },
    });
    expect(p).toMatchObject({ session_id: 'ses_custom', sequence: 7 });
    expect(p.data).toEqual({
      session_id: 'ses_custom',
      status: 'logged_out',
      previous_status: 'scan_qr',
      reason: 'device_removed',
      phone: '+14155550100',
    });
    expect(fixture('message.read', { session_id: 'a', data: { session_id: 'b' } }).data.session_id).toBe('b');
  });

  it('does not share state with the catalog or between calls', () => {
    const p = fixture('message.read');
    p.data.text = 'changed';
    expect(fixture('message.read').data.text).not.toBe('changed');
    expect(fixtures['message.read'].data.text).not.toBe('changed');
  });

  it('rejects unknown types', () => {
    expect(() => fixture('message.bogus' as 'message.read')).toThrow(/Unknown webhook event type/);
  });
});
