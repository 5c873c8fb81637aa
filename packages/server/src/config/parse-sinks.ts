import { Value } from '@sinclair/typebox/value';
import { AppError } from '../errors/app-error.js';
import { AmqpSinkSchema, NatsSinkSchema, type SinkConfig } from './sinks-schema.js';

const SCHEMAS = { nats: NatsSinkSchema, amqp: AmqpSinkSchema } as const;

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    message: `Invalid configuration at ${path}: ${message}`,
    param: path,
    details: { errors: [{ path, message }] },
  });
}

/**
 * Validates and fills the `sinks` entries one by one against the schema of their `kind`, so an
 * error names the field (`/sinks/1/url`) rather than "no union member matched"; names must be unique.
 */
export function parseSinks(input: unknown): SinkConfig[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw invalid('/sinks', 'must be an array of sinks');
  const names = new Set<string>();
  return input.map((entry: unknown, i) => {
    const path = `/sinks/${i}`;
    const kind = (entry as { kind?: unknown } | null)?.kind;
    if (typeof entry !== 'object' || entry === null || (kind !== 'nats' && kind !== 'amqp')) {
      throw invalid(`${path}/kind`, "must be 'nats' or 'amqp'");
    }
    const schema = SCHEMAS[kind];
    const sink = Value.Default(schema, structuredClone(entry)) as SinkConfig;
    const first = Value.Errors(schema, sink).First();
    if (first) throw invalid(`${path}${first.path}`, first.message);
    if (names.has(sink.name)) throw invalid(`${path}/name`, `the sink name '${sink.name}' is used twice`);
    names.add(sink.name);
    if (sink.retryMaxMs < sink.retryBaseMs) throw invalid(`${path}/retryMaxMs`, 'must be >= retryBaseMs');
    return sink;
  });
}
