import { describe, expect, it } from 'vitest';
import { monthOf } from './billing-period.js';

describe('monthOf', () => {
  it('is the UTC calendar month holding the instant, also across a year end', () => {
    expect(monthOf(Date.UTC(2026, 11, 31, 23, 59))).toEqual({
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
    expect(monthOf(Date.UTC(2027, 1, 1))).toEqual({ start: Date.UTC(2027, 1, 1), end: Date.UTC(2027, 2, 1) });
  });
});
