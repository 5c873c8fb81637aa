import { describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
  WagwError,
} from './errors.js';

describe('error guards', () => {
  it('follow the class hierarchy', () => {
    const error = new NotFoundError(404, null, 'gone', new Headers());
    expect(NotFoundError.is(error)).toBe(true);
    expect(APIError.is(error)).toBe(true);
    expect(WagwError.is(error)).toBe(true);
    expect(RateLimitError.is(error)).toBe(false);
    expect(APIConnectionError.is(error)).toBe(false);
    expect(error.name).toBe('NotFoundError');
    expect(String(error)).toBe('NotFoundError: gone');

    const timeout = new APITimeoutError();
    expect(APIConnectionError.is(timeout)).toBe(true);
    expect(APIError.is(timeout)).toBe(false);
  });

  it('recognise errors from another copy of the module, where instanceof fails', async () => {
    vi.resetModules();
    const copy = await import('./errors.js');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const foreign = new copy.NotFoundError(404, null, 'gone', new Headers());
    expect(foreign instanceof NotFoundError).toBe(false);
    expect(NotFoundError.is(foreign)).toBe(true);
    expect(APIError.is(foreign)).toBe(true);
    expect(WagwError.is(foreign)).toBe(true);
    expect(RateLimitError.is(foreign)).toBe(false);
  });

  it('make a 503 a ServiceUnavailableError, still an InternalServerError like every 5xx', () => {
    const body = { code: 'STORAGE_UNAVAILABLE' as const, message: 'disk full', request_id: 'req_1' };
    const error = APIError.generate(503, body, 'disk full', new Headers({ 'retry-after': '30' }));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(ServiceUnavailableError.is(error) && InternalServerError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE', requestId: 'req_1' });
    expect(error.name).toBe('ServiceUnavailableError');
    const internal = APIError.generate(500, null, 'boom', new Headers());
    expect(ServiceUnavailableError.is(internal)).toBe(false);
    expect(InternalServerError.is(internal)).toBe(true);
  });

  it('reject non-errors', () => {
    expect(WagwError.is(new Error('x'))).toBe(false);
    expect(WagwError.is(null)).toBe(false);
    expect(WagwError.is('NotFoundError')).toBe(false);
  });
});
