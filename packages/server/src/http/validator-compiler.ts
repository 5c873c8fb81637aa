import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * The request validator of the wagw scope: one Ajv instance of its own, so that validation is the
 * same whether wagw runs standalone or mounted in a host app (whose Ajv options are its own). It
 * knows `discriminator` (a message body is checked against the schema of its `type` only), coerces
 * query strings and one-element arrays as fastify does, fills in defaults, and never drops unknown
 * fields silently (they are refused by `additionalProperties: false`).
 */
export function validatorCompiler(sharedSchemas: readonly object[]): FastifySchemaCompiler<object> {
  const ajv = new Ajv({
    coerceTypes: 'array',
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    discriminator: true,
    // Errors carry their schema, so a range error can name both ends of the range.
    verbose: true,
    // TypeBox and OpenAPI annotations (examples, x-…) are not validation keywords.
    strict: false,
  });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const schema of sharedSchemas) ajv.addSchema(schema);
  return ({ schema }) => ajv.compile(schema);
}
