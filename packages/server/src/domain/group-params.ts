import { AppError } from '../errors/app-error.js';
import { GROUP_ID } from './group-types.js';
import type { PhoneNormalizer } from './phone.js';

/** WhatsApp's limits: a subject of up to 100 characters, a description of up to 2,048. */
export const SUBJECT_MAX = 100;
export const DESCRIPTION_MAX = 2048;
/** Numbers per create or participants call. */
export const PARTICIPANTS_MAX = 256;

/** A group id: digits@g.us (VALIDATION_FAILED otherwise). */
export function groupIdParam(value: string, param: string): string {
  if (!GROUP_ID.test(value)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `"${value}" is not a group id (digits@g.us).`,
      param,
    });
  }
  return value;
}

export function subjectParam(value: string): string {
  const subject = value.trim();
  if (subject.length < 1 || subject.length > SUBJECT_MAX) {
    throw new AppError('VALIDATION_FAILED', {
      message: `A group subject has 1 to ${SUBJECT_MAX} characters.`,
      param: 'subject',
    });
  }
  return subject;
}

export function descriptionParam(value: string | null): string | null {
  if (value !== null && value.length > DESCRIPTION_MAX) {
    throw new AppError('VALIDATION_FAILED', {
      message: `A group description has at most ${DESCRIPTION_MAX} characters.`,
      param: 'description',
    });
  }
  return value === '' ? null : value;
}

export function phonesParam(
  normalizePhone: PhoneNormalizer,
  phones: readonly string[],
  param: string,
  min: number,
): string[] {
  if (phones.length < min || phones.length > PARTICIPANTS_MAX) {
    throw new AppError('VALIDATION_FAILED', {
      message: `Give ${min} to ${PARTICIPANTS_MAX} phone numbers.`,
      param,
    });
  }
  return [...new Set(phones.map((p, i) => normalizePhone(p, `${param}.${i}`)))];
}
