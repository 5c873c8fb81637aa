import fastJsonStringify, { type AnySchema, type Options } from 'fast-json-stringify';

type Schema = Record<string, unknown>;
type Serializer = (data: unknown) => string;

/**
 * Serializers already built in this process, by the schema they serialize and the shared schemas
 * it refers to. A serializer is a pure function of those, so servers that declare the same
 * routes (every test server, every process of a test run) build each one once.
 */
const built = new Map<string, Serializer>();

/**
 * The response serializer factory fastify uses by default (fast-json-stringify), made to cost what
 * a route's own schema costs. fastify hands every route's serializer *all* shared schemas, and
 * fast-json-stringify validates each of them again for every response schema of every route: with
 * ~200 routes and ~100 shared schemas that was most of start-up (docs/benchmarks.md). Here each
 * serializer gets only the shared schemas its schema refers to, directly or through others, and
 * identical schemas share one serializer. The output is the same: a `$ref` that no shared schema
 * answers falls back to handing over all of them, so fast-json-stringify reports it as before.
 *
 * Passed to `Fastify()` as `schemaController.compilersFactory.buildSerializer` through
 * `wagwServerOptions`.
 */
export function buildSerializer(
  externalSchemas?: unknown,
  serializerOptions?: Options,
): (route: { schema?: unknown }) => Serializer {
  const shared = (externalSchemas ?? {}) as Record<string, Schema>;
  return (route) => {
    const schema = (route.schema ?? {}) as Schema;
    const needed = referencedSchemas(schema, shared);
    const key = JSON.stringify([schema, needed, serializerOptions ?? null]);
    let serializer = built.get(key);
    if (!serializer) {
      // Route schemas are plain JSON Schema objects; fast-json-stringify checks them itself.
      const external = needed as unknown as Options['schema'];
      serializer = fastJsonStringify(schema as AnySchema, { ...serializerOptions, schema: external });
      built.set(key, serializer);
    }
    return serializer;
  };
}

/** The shared schemas `schema` refers to, transitively, keyed as fastify keys them (by `$id`). */
export function referencedSchemas(schema: Schema, shared: Record<string, Schema>): Record<string, Schema> {
  const needed: Record<string, Schema> = {};
  const pending = [...refIds(schema)];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (id === schema.$id || id in needed) continue;
    const target = shared[id];
    if (!target) return withoutSelf(shared, schema);
    needed[id] = target;
    pending.push(...refIds(target));
  }
  return needed;
}

/** Every schema id a `$ref` in `value` names (`Message#/properties/x` names `Message`). */
function refIds(value: unknown, ids = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) refIds(item, ids);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const id = child.split('#')[0] ?? '';
        if (id !== '') ids.add(id);
      } else {
        refIds(child, ids);
      }
    }
  }
  return ids;
}

/** As fastify's own compiler does, a schema that is itself shared is not handed itself again. */
function withoutSelf(shared: Record<string, Schema>, schema: Schema): Record<string, Schema> {
  if (typeof schema.$id !== 'string' || !(schema.$id in shared)) return shared;
  const { [schema.$id]: _self, ...rest } = shared;
  return rest;
}
