import { Value } from '@sinclair/typebox/value';
import { AppError } from '../errors/app-error.js';
import { type Config, type ConfigInput, ConfigSchema } from './config-schema.js';
import { parseSinks } from './parse-sinks.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Validates options once, fills defaults, and freezes the result. */
export function parseConfig(input: ConfigInput = {}): Config {
  const sinks = parseSinks(input.sinks);
  const withDefaults = Value.Default(ConfigSchema, { ...structuredClone(input), sinks });
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new AppError('VALIDATION_FAILED', {
      message: `Invalid configuration at ${first.path || '/'}: ${first.message}`,
      details: { errors: errors.slice(0, 10).map((e) => ({ path: e.path, message: e.message })) },
    });
  }
  return deepFreeze(withDefaults as Config);
}
