import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A `--since`/`--until` value as an ISO 8601 time: an ISO date or time as is (`2026-12-01`,
 * `2026-12-01T10:00:00Z`), or a duration ago (`90s`, `30m`, `2h`, `3d`) counted from `now`.
 */
export function pointInTime(flag: string, value: string, now: number): string {
  const ago = /^(\d+)([smhd])$/.exec(value.trim());
  if (ago) return new Date(now - Number(ago[1]) * UNITS[ago[2]!]!).toISOString();
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(at)) {
    throw new UsageError(
      `${flag} expects an ISO 8601 time (2026-12-01, 2026-12-01T10:00:00Z) or a duration ago (30m, 2h, 3d); got "${value}".`,
    );
  }
  return new Date(at).toISOString();
}

/**
 * An `--at` value as an ISO 8601 time: an ISO time as is (`2026-12-24T09:00:00Z`; a date alone is
 * midnight UTC), or a duration from `now` (`90s`, `30m`, `2h`, `1d`).
 */
export function timeAhead(flag: string, value: string, now: number): string {
  const ahead = /^(\d+)([smhd])$/.exec(value.trim());
  if (ahead) return new Date(now + Number(ahead[1]) * UNITS[ahead[2]!]!).toISOString();
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(at)) {
    throw new UsageError(
      `${flag} expects an ISO 8601 time (2026-12-24T09:00:00Z) or a duration from now (30m, 2h, 1d); got "${value}".`,
    );
  }
  return new Date(at).toISOString();
}
