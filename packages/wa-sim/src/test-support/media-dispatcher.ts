type DispatcherClass = new (options: { connect: { ca: string } }) => object;

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * A `fetch` dispatcher that trusts `ca`, for Baileys' media downloads (`downloadMediaMessage(msg,
 * 'buffer', { options: { dispatcher } })`: they go through `fetch`). An application would use the
 * `undici` package's `new Agent({ connect: { ca } })`; it is not installed here, so this test helper
 * takes the Agent class of Node's bundled undici from its global dispatcher, which the first `fetch`
 * (to `probeUrl`) creates.
 */
export const trustingDispatcher = async (ca: string, probeUrl: string): Promise<object> => {
  const slot = globalThis as unknown as Record<symbol, { constructor: DispatcherClass } | undefined>;
  if (!slot[GLOBAL_DISPATCHER]) await fetch(probeUrl).catch(() => undefined);
  const global = slot[GLOBAL_DISPATCHER];
  if (!global) throw new Error("Node's global fetch dispatcher is not there");
  return new global.constructor({ connect: { ca } });
};
