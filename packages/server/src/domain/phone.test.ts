import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneNormalizer } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+1 (415) 555-0100', '+14155550100'],
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

  it('refuses a number without a country code instead of reading it as another country (4155550000 is not +41…)', () => {
    let error: unknown;
    try {
      normalizePhone('4155550000', 'to');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'INVALID_PHONE_NUMBER',
      param: 'to',
      details: { reason: 'missing_country_code' },
    });
    expect((error as Error).message).toMatch(/has no country code.*international format.*\+14155550100/);
    expect((error as Error).message).toContain('+4155550000');
  });
});

describe('with a default country', () => {
  it.each([
    ['US', '(415) 555-0100', '+14155550100'],
    ['GB', '07700 900123', '+447700900123'],
    ['DE', '030 1234567', '+49301234567'],
  ])('%s: %s → %s', (country, input, expected) =>
    expect(phoneNormalizer(country)(input, 'to')).toBe(expected),
  );

  it('the country code may be written in lower case', () => {
    expect(phoneNormalizer('gb')('07700 900123', 'to')).toBe('+447700900123');
  });

  it('international input is unaffected by the default country', () => {
    expect(phoneNormalizer('GB')('+14155550100', 'to')).toBe('+14155550100');
  });

  it('an impossible national number is refused, naming the country', () => {
    expect(() => phoneNormalizer('US')('12345', 'to')).toThrow(
      expect.objectContaining({
        code: 'INVALID_PHONE_NUMBER',
        message: expect.stringContaining('as a US number'),
      }),
    );
  });

  it('an unknown country code is a configuration error', () => {
    expect(() => phoneNormalizer('XX')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', param: 'defaultCountry' }),
    );
  });
});
