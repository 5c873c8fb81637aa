import { type CountryCode, isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js/min';
import { AppError } from '../errors/app-error.js';

/** Turns what a caller wrote into an E.164 number, or throws INVALID_PHONE_NUMBER naming `param`. */
export type PhoneNormalizer = (input: string, param: string) => string;

const SEPARATORS = /[\s\-().]/g;

/**
 * Normalises a phone number to E.164 (`+` and 8–15 digits). Spaces, dashes, dots and parentheses
 * are allowed; `00` may stand for `+`. A number without a country code (`4155550000`) is refused:
 * read as international it would silently be another country's number (here +41, Switzerland).
 * With `defaultCountry` (ISO 3166 code, e.g. `US`, `GB`), such national numbers are read as that
 * country's, trunk prefix included (`07700 900123` in GB → `+447700900123`).
 */
export function normalizePhone(input: string, param: string, defaultCountry?: CountryCode): string {
  const compact = input.replace(SEPARATORS, '');
  const international = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : undefined;
  if (international !== undefined) {
    if (!/^[1-9][0-9]{7,14}$/.test(international)) throw invalid(input, param);
    return `+${international}`;
  }
  if (!/^[0-9]{4,17}$/.test(compact)) throw invalid(input, param);
  if (!defaultCountry) {
    throw new AppError('INVALID_PHONE_NUMBER', {
      message: `"${input}" has no country code. Write phone numbers in international format: "+", the country code, then the number, e.g. +14155550100 (US) or +447700900123 (UK); if ${compact} already starts with its country code, send +${compact.replace(/^0+/, '')}.`,
      param,
      details: { reason: 'missing_country_code', format: '+<country code><number>' },
    });
  }
  try {
    const parsed = parsePhoneNumberWithError(compact, defaultCountry);
    if (parsed.isPossible()) return parsed.number;
  } catch {
    // Falls through to the same error as any other impossible number.
  }
  throw invalid(input, param, ` as a ${defaultCountry} number`);
}

/** A normaliser bound to the configured default country (none: international format only). */
export function phoneNormalizer(configured?: string): PhoneNormalizer {
  const defaultCountry = configured?.toUpperCase();
  if (defaultCountry !== undefined && !isSupportedCountry(defaultCountry)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `Invalid configuration at /defaultCountry: "${configured}" is not a known ISO 3166 country code (e.g. US, GB, DE, IN, BR).`,
      param: 'defaultCountry',
    });
  }
  const country = defaultCountry as CountryCode | undefined;
  return (input, param) => normalizePhone(input, param, country);
}

function invalid(input: string, param: string, how = ''): AppError {
  return new AppError('INVALID_PHONE_NUMBER', {
    message: `"${input}" is not a valid phone number${how}: use international format, e.g. +14155550100.`,
    param,
  });
}
