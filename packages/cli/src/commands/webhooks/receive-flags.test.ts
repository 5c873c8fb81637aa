import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { describeAnswers, fraction, responderOptions } from './receive-flags.js';

describe('receive answer flags', () => {
  it('maps flags to createResponder options, with the defaults', () => {
    expect(responderOptions({})).toEqual({
      status: 200,
      failStatus: 500,
      failFirst: 0,
      failRate: 0,
      delayMs: 0,
    });
    expect(
      responderOptions({
        status: 202,
        failStatus: 503,
        failFirst: 2,
        failRate: 0.25,
        seed: 9,
        delay: 50,
        retryAfter: 0,
      }),
    ).toEqual({
      status: 202,
      failStatus: 503,
      failFirst: 2,
      failRate: 0.25,
      seed: 9,
      delayMs: 50,
      retryAfterSeconds: 0,
    });
  });

  it('rejects values out of range with a usage error naming the flag', () => {
    expect(() => responderOptions({ status: 700 })).toThrow(UsageError);
    expect(() => responderOptions({ status: 700 })).toThrow(
      'invalid --status 700: expected an integer from 200 to 599.',
    );
    expect(() => responderOptions({ failStatus: 201 })).toThrow(/^invalid --fail-status 201/);
    expect(() => responderOptions({ retryAfter: 1.5 })).toThrow(/^invalid --retry-after 1.5/);
  });

  it('parses fractions from 0 to 1', () => {
    expect(fraction('0')).toBe(0);
    expect(fraction('0.3')).toBe(0.3);
    expect(fraction(' 1 ')).toBe(1);
    for (const bad of ['', ' ', '-0.1', '1.01', 'NaN', 'Infinity', '30%'])
      expect(() => fraction(bad), bad).toThrow(InvalidArgumentError);
  });

  it('describes the answers in one sentence', () => {
    expect(describeAnswers(responderOptions({}))).toBe('Answering 200 to accepted webhooks.');
    expect(
      describeAnswers(
        responderOptions({
          failFirst: 2,
          failRate: 0.125,
          seed: 3,
          retryAfter: 5,
          delay: 250,
          failStatus: 503,
        }),
      ),
    ).toBe(
      'Answering 200 to accepted webhooks; 503 to the first 2 attempt(s) of each webhook-id; ' +
        '503 to 12.5% of the later attempts (seed 3); Retry-After: 5 on answers that are not 2xx; ' +
        'each after waiting 250 ms.',
    );
  });
});
