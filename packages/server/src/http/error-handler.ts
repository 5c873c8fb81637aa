import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.js';
import { NO_NUL_PATTERN } from './schemas/hardening.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The error code answered, for the request log. */
    errorCode?: ErrorCode;
  }
}

export function errorBody(
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  extra: { param?: string | undefined; details?: Record<string, unknown> | undefined } = {},
) {
  request.errorCode = code;
  return {
    error: {
      code,
      message,
      request_id: String(request.id),
      ...(extra.param !== undefined && { param: extra.param }),
      ...(extra.details !== undefined && { details: extra.details }),
    },
  };
}

function send(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, message: string, extra = {}) {
  // Set here too: errors fastify raises before routing (framework errors) skip the onRequest hook.
  reply.header('request-id', String(request.id));
  return reply.status(ERROR_CODES[code].status).send(errorBody(request, code, message, extra));
}

/**
 * fastify errors that are the client's fault. Only these, AppErrors and schema validation
 * failures become 4xx: any other error (a SyntaxError from a corrupt row, say) is ours, a 500.
 */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_REQUEST',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URL_TOO_LONG',
};

function frameworkCode(error: FastifyError): ErrorCode | undefined {
  const code = error.code;
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_')) return undefined;
  const known = FRAMEWORK_CODES[code];
  if (known) return known;
  const status = error.statusCode ?? 500;
  if (status === 413) return 'BODY_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status >= 400 && status < 500) return 'MALFORMED_REQUEST';
  return undefined;
}

function frameworkMessage(code: ErrorCode, error: FastifyError): string {
  if (error.code === 'FST_ERR_BAD_URL')
    return 'The URL is not valid: a percent-encoded sequence does not decode.';
  if (code === 'URL_TOO_LONG' || code === 'INVALID_JSON') return ERROR_CODES[code].message;
  return error.message;
}

/** "must be from 1 to 100" for a number outside a range with both ends (either end's error). */
function rangeOf(error: { keyword?: string; parentSchema?: unknown } | undefined): string | undefined {
  if (error?.keyword !== 'minimum' && error?.keyword !== 'maximum') return undefined;
  const { minimum, maximum } = (error.parentSchema ?? {}) as { minimum?: number; maximum?: number };
  return minimum !== undefined && maximum !== undefined ? `must be from ${minimum} to ${maximum}` : undefined;
}

function validationFailure(reply: FastifyReply, request: FastifyRequest, fe: FastifyError) {
  const first = fe.validation?.[0];
  const path = first?.instancePath?.replace(/^\//, '').replaceAll('/', '.');
  const params = first?.params as {
    missingProperty?: string;
    additionalProperty?: string;
    pattern?: string;
    /** A discriminated body (`type`) whose tag is missing or names no known schema. */
    tag?: string;
  };
  const field = params?.additionalProperty ?? params?.missingProperty ?? params?.tag;
  const param = field === undefined ? path || undefined : path ? `${path}.${field}` : field;
  const where = fe.validationContext ?? 'body';
  const reason =
    params?.pattern === NO_NUL_PATTERN
      ? 'must not contain NUL characters'
      : first?.keyword === 'discriminator'
        ? `must be one of the documented values of "${params?.tag}"`
        : (rangeOf(first) ?? first?.message);
  const message = params?.additionalProperty
    ? `Unknown field "${params.additionalProperty}" in the ${where}.`
    : `Invalid ${where}${param ? ` at "${param}"` : ''}: ${reason ?? 'invalid'}.`;
  return send(reply, request, 'VALIDATION_FAILED', message, { param });
}

/** Translates every error into the one wire shape; unknown errors become INTERNAL and are logged. */
export function handleError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError) {
    return send(reply, request, error.code, error.message, { param: error.param, details: error.details });
  }
  const fe = error as FastifyError;
  if (fe.validation) return validationFailure(reply, request, fe);
  const code = frameworkCode(fe);
  if (code) return send(reply, request, code, frameworkMessage(code, fe));
  if (isStorageFailure(error)) {
    request.log.error({ err: error }, 'storage cannot take writes');
    reply.header('retry-after', '30');
    return send(reply, request, 'STORAGE_UNAVAILABLE', ERROR_CODES.STORAGE_UNAVAILABLE.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, request, 'INTERNAL', ERROR_CODES.INTERNAL.message);
}

/** Disk full, read-only or I/O failures of either database: the request was not applied. */
function isStorageFailure(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return (
    /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED)/.test(code) ||
    ['53100', '53200', '58030', '57P01', '57P03', 'ECONNREFUSED', 'ENOSPC', 'EROFS'].includes(code)
  );
}
