import { type Simulator, startSimulator } from './simulator.js';
import type { SimLogger, UnknownNumbers } from './types.js';

export interface StandaloneOptions {
  /** Default 7380. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  logger?: SimLogger;
  /** Default `by-last-digits`: any number can be sent to, like with wagw's sandbox engine. */
  unknownNumbers?: UnknownNumbers;
  /** Where the banner goes; default stderr. */
  print?: (line: string) => void;
}

/**
 * Runs the simulator for manual use (`node dist/bin.js`): prints the URLs and the root key, and
 * closes on SIGINT/SIGTERM (then exits the process). Resolves with the running simulator.
 */
export const runStandalone = async (options: StandaloneOptions = {}): Promise<Simulator> => {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sim = await startSimulator({
    port: options.port ?? 7380,
    host: options.host ?? '127.0.0.1',
    unknownNumbers: options.unknownNumbers ?? 'by-last-digits',
    ...(options.logger ? { logger: options.logger } : {}),
  });
  print(`wa-sim listening`);
  print(`  WebSocket (waWebSocketUrl): ${sim.url}`);
  print(`  control API:                ${sim.controlUrl}/state`);
  print(`  root public key (hex):      ${sim.rootPublicKey.toString('hex')}`);
  if (sim.media) {
    print(`  media host (self-signed):   https://${sim.media.hostname} (its CA: "media" in /control/state)`);
  }
  if (sim.unknownNumbers === 'by-last-digits') {
    print('  numbers that are not accounts behave by their last four digits (0001-0004, see the README)');
  }
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return sim;
};
