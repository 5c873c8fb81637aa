/** The undici dispatcher shape `fetch` needs (Node's bundled undici; the package is not a dependency). */
export interface FetchDispatcher {
  dispatch(options: { origin?: string | URL; [key: string]: unknown }, handler: unknown): boolean;
}

type AgentClass = new (options: { connect: { ca: string } }) => FetchDispatcher;

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** WhatsApp's media hosts: Baileys downloads history sync blobs from `https://mmg.whatsapp.net`. */
const WHATSAPP_MEDIA = /(^|\.)whatsapp\.net$/;

/**
 * A `fetch` dispatcher that sends requests for WhatsApp's media hosts (`*.whatsapp.net`) to the
 * simulator's media host instead, trusting its certificate, and everything else to `fallback`
 * (default: Node's global dispatcher as it is now). Baileys downloads history sync blobs from
 * `https://mmg.whatsapp.net<directPath>` whatever host the upload went to, so a client of the
 * simulator needs this to receive history: give it as the socket's `options: { dispatcher }`, or
 * install it as the process' global dispatcher (what a hosts-file entry would do). The Agent class
 * is that of Node's global dispatcher (created by a first `fetch`, to `probeUrl`).
 */
export const whatsappMediaDispatcher = async (
  media: { hostname: string; ca: string },
  probeUrl: string,
  fallback?: FetchDispatcher,
): Promise<FetchDispatcher> => {
  const slot = globalThis as unknown as Record<symbol, FetchDispatcher | undefined>;
  if (!slot[GLOBAL_DISPATCHER]) await fetch(probeUrl).catch(() => undefined);
  const global = slot[GLOBAL_DISPATCHER];
  if (!global) throw new Error("Node's global fetch dispatcher is not there");
  const trusting = new (global.constructor as AgentClass)({ connect: { ca: media.ca } });
  const other = fallback ?? global;
  const simOrigin = `https://${media.hostname}`;
  return {
    dispatch(options, handler) {
      const origin = options.origin === undefined ? undefined : new URL(String(options.origin));
      if (origin && origin.protocol === 'https:' && WHATSAPP_MEDIA.test(origin.hostname)) {
        return trusting.dispatch({ ...options, origin: simOrigin }, handler);
      }
      if (origin && origin.origin === simOrigin) return trusting.dispatch(options, handler);
      return other.dispatch(options, handler);
    },
  };
};
