import { type Simulator, startSimulator } from './simulator.js';
import type { SimLogger } from './types.js';

export interface StandaloneOptions {
  /** Default 7380. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  logger?: SimLogger;
  /** Where the banner goes; default stderr. */
  print?: (line: string) => void;
}

/**
 * Runs the simulator for manual use (what `wagw sim` calls): prints the URLs and the root key, and
 * closes on SIGINT/SIGTERM. Resolves with the running simulator.
 */
export const runStandalone = async (options: StandaloneOptions = {}): Promise<Simulator> => {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sim = await startSimulator({
    port: options.port ?? 7380,
    host: options.host ?? '127.0.0.1',
    ...(options.logger ? { logger: options.logger } : {}),
  });
  print(`wa-sim listening`);
  print(`  WebSocket (waWebSocketUrl): ${sim.url}`);
  print(`  control API:                ${sim.controlUrl}/state`);
  print(`  root public key (hex):      ${sim.rootPublicKey.toString('hex')}`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return sim;
};
