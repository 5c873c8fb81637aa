import { AppError } from '../errors/app-error.js';

/**
 * Normalises a phone number to E.164 (`+` and 8–15 digits). Spaces, dashes, dots and parentheses
 * are allowed in the input; anything else is an INVALID_PHONE_NUMBER error naming the field.
 */
export function normalizePhone(input: string, param: string): string {
  const compact = input.replace(/[\s\-().]/g, '');
  const digits = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : compact;
  if (!/^[1-9][0-9]{7,14}$/.test(digits)) {
    throw new AppError('INVALID_PHONE_NUMBER', {
      message: `"${input}" is not a valid phone number: use international format, e.g. +14155550100.`,
      param,
    });
  }
  return `+${digits}`;
}
