import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { pointInTime } from './point-in-time.js';

describe('pointInTime', () => {
  const now = Date.parse('2026-12-03T12:00:00.000Z');
  it('reads durations ago and ISO times', () => {
    expect(pointInTime('--since', '2h', now)).toBe('2026-12-03T10:00:00.000Z');
    expect(pointInTime('--since', '90s', now)).toBe('2026-12-03T11:58:30.000Z');
    expect(pointInTime('--since', '3d', now)).toBe('2026-11-30T12:00:00.000Z');
    expect(pointInTime('--since', '2026-12-01', now)).toBe('2026-12-01T00:00:00.000Z');
    expect(pointInTime('--until', '2026-12-01T10:30:00+01:00', now)).toBe('2026-12-01T09:30:00.000Z');
  });
  it('refuses anything else with a usage error naming the flag', () => {
    for (const bad of ['yesterday', '2 h', '5w', '12/01/2026', '2026-13-45']) {
      expect(() => pointInTime('--since', bad, now)).toThrow(UsageError);
    }
    expect(() => pointInTime('--until', 'soon', now)).toThrow(/--until expects/);
  });
});
