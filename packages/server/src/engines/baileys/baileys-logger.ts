import type { SocketConfig } from '@whiskeysockets/baileys';
import type { EngineLogger } from '../engine.js';

type ILogger = SocketConfig['logger'];

export type BaileysLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<BaileysLogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  silent: 99,
};

/**
 * Baileys' pino-shaped logger over the engine's logger, filtered at its own level: Baileys is
 * chatty at info, so a gateway keeps it at warn unless it is being debugged.
 */
export function baileysLogger(
  base: EngineLogger,
  level: BaileysLogLevel,
  bindings: Record<string, unknown> = {},
): ILogger {
  const write =
    (at: BaileysLogLevel, sink: (obj: object, msg?: string) => void) => (obj: unknown, msg?: string) => {
      if (RANK[at] < RANK[level]) return;
      if (typeof obj === 'string') sink.call(base, { ...bindings }, obj);
      else if (obj instanceof Error) sink.call(base, { ...bindings, err: obj }, msg);
      else sink.call(base, { ...bindings, ...(obj as object) }, msg);
    };
  return {
    level,
    child: (more) => baileysLogger(base, level, { ...bindings, ...more }),
    trace: write('trace', base.debug),
    debug: write('debug', base.debug),
    info: write('info', base.info),
    warn: write('warn', base.warn),
    error: write('error', base.error),
  };
}
