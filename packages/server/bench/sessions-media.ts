import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { whatsappMediaDispatcher } from '@wagw/wa-sim';
import type { SimHandle } from './sessions-sim.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Makes this process reach the simulator's media host as if it were WhatsApp's, for the sessions the
 * server runs from its config (whose Baileys engine takes no media agent from config):
 * - `fetch` (Baileys' downloads: history sync blobs, always from `https://mmg.whatsapp.net`, and
 *   inbound media) goes through wa-sim's `whatsappMediaDispatcher`, installed as the global
 *   dispatcher — what a hosts-file entry plus a trusted CA would do;
 * - `https` (Baileys' uploads, e.g. an image sent, which use the default agent without a
 *   `fetchAgent`) trusts the simulator's certificate besides the public CAs.
 * What the engine's `media` option does for one engine (see sim-harness.ts), for the whole process.
 */
export async function routeMediaToSim(sim: SimHandle): Promise<boolean> {
  if (!sim.media) return false;
  const dispatcher = await whatsappMediaDispatcher(sim.media, `${sim.controlUrl}/state`);
  (globalThis as unknown as Record<symbol, unknown>)[GLOBAL_DISPATCHER] = dispatcher;
  https.globalAgent = new https.Agent({ keepAlive: true, ca: [...rootCertificates, sim.media.ca] });
  return true;
}
