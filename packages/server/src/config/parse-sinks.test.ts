import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config-from-env.js';
import { parseConfig } from './parse-config.js';

const nats = { kind: 'nats', name: 'bus', url: 'nats://127.0.0.1:4222', stream: 'WAGW' } as const;
const amqp = {
  kind: 'amqp',
  name: 'rabbit',
  url: 'amqp://guest:guest@127.0.0.1:5672',
  exchange: 'wagw',
} as const;

describe('sinks configuration', () => {
  it('fills each kind’s defaults', () => {
    const { sinks } = parseConfig({ sinks: [nats, amqp] });
    expect(sinks).toEqual([
      expect.objectContaining({
        ...nats,
        subjectPrefix: 'wagw',
        createStream: true,
        events: ['*'],
        modes: ['live'],
      }),
      expect.objectContaining({ ...amqp, exchangeType: 'topic', bindingKey: '#', retryBaseMs: 1000 }),
    ]);
    expect(parseConfig({}).sinks).toEqual([]);
  });

  it.each([
    [{ ...nats, kind: 'kafka' }, '/sinks/0/kind'],
    [{ ...nats, url: 'http://x' }, '/sinks/0/url'],
    [{ ...amqp, url: 'nats://x' }, '/sinks/0/url'],
    [{ ...nats, stream: 'a.b' }, '/sinks/0/stream'],
    [{ ...nats, name: 'Bad Name' }, '/sinks/0/name'],
    [{ ...amqp, exchnage: 'typo' }, '/sinks/0'],
    [{ ...nats, retryBaseMs: 5000, retryMaxMs: 10 }, '/sinks/0/retryMaxMs'],
  ])('refuses %j with a coded error naming %s', (sink, path) => {
    expect(() => parseConfig({ sinks: [sink as never] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining(path) }),
    );
  });

  it('refuses two sinks with one name', () => {
    expect(() => parseConfig({ sinks: [nats, { ...amqp, name: 'bus' }] })).toThrow(
      /sinks\/1\/name.*used twice/,
    );
  });

  it('reads WAGW_SINKS as JSON and says so when it is not', () => {
    expect(parseConfig(configFromEnv({ WAGW_SINKS: JSON.stringify([nats]) })).sinks[0]).toMatchObject(nats);
    expect(() => configFromEnv({ WAGW_SINKS: '[{kind:nats}]' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('WAGW_SINKS') }),
    );
  });
});
