import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+1 (415) 555-0100', '+14155550100'],
    ['14155550100', '+14155550100'],
    ['0049 30 1234567', '+49301234567'],
    ['+62.812.3456.7890', '+6281234567890'],
  ])('%s → %s', (input, expected) => expect(normalizePhone(input, 'to')).toBe(expected));

  it.each(['', 'abc', '+0123456789', '+1234', '+1234567890123456', '12345abc678', '+1 415 555 0100 ext 2'])(
    'rejects %j with INVALID_PHONE_NUMBER naming the field',
    (input) =>
      expect(() => normalizePhone(input, 'to')).toThrow(
        expect.objectContaining({ code: 'INVALID_PHONE_NUMBER', param: 'to' }),
      ),
  );
});
