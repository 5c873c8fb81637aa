/**
 * Schema rewrites applied to every route's input schemas when it is registered (see
 * route-conventions.ts): checks that would otherwise need a hook on every request.
 */

/** Refuses NUL (U+0000): Postgres cannot store it in text, and no name or id needs it. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

type Schema = Record<string, unknown>;

const SUBSCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SUBSCHEMAS = new Set(['items', 'not', 'additionalProperties', 'if', 'then', 'else']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isFreeText(schema: Schema): boolean {
  const type = schema.type;
  const isString = type === 'string' || (Array.isArray(type) && type.includes('string'));
  return isString && schema.pattern === undefined && schema.enum === undefined && schema.const === undefined;
}

/**
 * A copy of `schema` in which every free-text string (no pattern, enum or const of its own) also
 * refuses NUL characters, so ajv rejects them with the field's name before any database sees them.
 */
export function refuseNul<T>(schema: T): T {
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, refuseNul(v)]));
    } else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(refuseNul);
    } else if (SUBSCHEMAS.has(key)) {
      out[key] = refuseNul(value);
    } else {
      out[key] = value;
    }
  }
  if (isFreeText(schema)) out.pattern = NO_NUL_PATTERN;
  return out as T;
}

export interface NumericParam {
  name: string;
  /** What a valid value is, for the error message. */
  expected: string;
}

/**
 * The number-typed top-level properties of a querystring schema. ajv coerces `Infinity` and
 * 400-digit numbers to `Infinity` and then skips `minimum`/`maximum`, so these need a check after
 * validation.
 */
export function numericParams(schema: unknown): NumericParam[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const found: NumericParam[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    if (!isObject(property) || (property.type !== 'integer' && property.type !== 'number')) continue;
    const kind = property.type === 'integer' ? 'an integer' : 'a number';
    const { minimum, maximum } = property;
    const range =
      typeof minimum === 'number' && typeof maximum === 'number'
        ? ` from ${minimum} to ${maximum}`
        : typeof minimum === 'number'
          ? ` of at least ${minimum}`
          : typeof maximum === 'number'
            ? ` of at most ${maximum}`
            : '';
    found.push({ name, expected: `must be ${kind}${range}` });
  }
  return found;
}
