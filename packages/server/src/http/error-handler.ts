import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.js';

export function errorBody(
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  extra: { param?: string | undefined; details?: Record<string, unknown> | undefined } = {},
) {
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
  return reply.status(ERROR_CODES[code].status).send(errorBody(request, code, message, extra));
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
  if (fe.validation) {
    const first = fe.validation[0];
    const path = first?.instancePath?.replace(/^\//, '').replaceAll('/', '.');
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const extraProp = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const param = extraProp ?? missing ?? (path || undefined);
    const where = fe.validationContext ?? 'body';
    const message = extraProp
      ? `Unknown field "${extraProp}" in the ${where}.`
      : `Invalid ${where}${param ? ` at "${param}"` : ''}: ${first?.message ?? 'invalid'}.`;
    return send(reply, request, 'VALIDATION_FAILED', message, { param });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send(reply, request, 'INVALID_JSON', fe.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(reply, request, 'BODY_TOO_LARGE', fe.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send(reply, request, 'UNSUPPORTED_MEDIA_TYPE', fe.message);
  }
  if (isStorageFailure(error)) {
    request.log.error({ err: error }, 'storage cannot take writes');
    reply.header('retry-after', '30');
    return send(reply, request, 'STORAGE_UNAVAILABLE', ERROR_CODES.STORAGE_UNAVAILABLE.message);
  }
  if (error instanceof SyntaxError || fe.statusCode === 400) {
    return send(reply, request, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
  if (fe.statusCode === 413) return send(reply, request, 'BODY_TOO_LARGE', fe.message);
  if (fe.statusCode === 415) return send(reply, request, 'UNSUPPORTED_MEDIA_TYPE', fe.message);
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
