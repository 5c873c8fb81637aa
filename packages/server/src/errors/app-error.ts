import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface AppErrorOptions {
  message?: string;
  param?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A coded domain error. Thrown by services; rendered by the HTTP layer through the code table. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly param: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? ERROR_CODES[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.param = options.param;
    this.details = options.details;
  }

  static is(value: unknown): value is AppError {
    return value instanceof AppError;
  }
}
