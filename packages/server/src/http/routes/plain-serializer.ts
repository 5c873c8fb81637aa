/**
 * The serializer of the billing routes: `JSON.stringify` instead of a compiled fast-json-stringify
 * function per route and status. Their bodies are built field by field by `wireBilling`, so a
 * schema-driven serializer would only re-check what is already exact, and compiling one for each of
 * their responses (ten statuses each, every shared schema resolved per compile) made each server
 * boot measurably slower (the profile of a boot is mostly fast-json-stringify's compiler).
 */
export const plainSerializer = {
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
} as const;
