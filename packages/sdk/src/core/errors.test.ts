import { describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  NotFoundError,
  RateLimitError,
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

  it('reject non-errors', () => {
    expect(WagwError.is(new Error('x'))).toBe(false);
    expect(WagwError.is(null)).toBe(false);
    expect(WagwError.is('NotFoundError')).toBe(false);
  });
});
