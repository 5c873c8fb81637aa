import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: Array<Record<string, unknown> & { level: number; msg?: string; reqId?: string }>;
}

/** A debug-level pino logger whose lines are kept in memory, for tests that read the log. */
export function captureLogs(): CapturedLogs {
  const lines: CapturedLogs['lines'] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}
