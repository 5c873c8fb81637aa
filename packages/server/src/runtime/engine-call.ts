import { EngineError, type EngineSession } from '../engines/engine.js';
import { AppError } from '../errors/app-error.js';

/**
 * Calls an optional method of the engine session of a session running here (`engineSession`
 * undefined: not here), turning what can go wrong into coded errors: SESSION_NOT_CONNECTED,
 * CAPABILITY_NOT_SUPPORTED, NOT_ON_WHATSAPP.
 */
export async function callEngine<T>(
  engineSession: EngineSession | undefined,
  method: keyof EngineSession,
  what: string,
  call: (session: EngineSession) => Promise<T> | undefined,
): Promise<T> {
  if (!engineSession) {
    throw new AppError('SESSION_NOT_CONNECTED', { message: 'The session is not running on this server.' });
  }
  if (!engineSession[method]) {
    throw new AppError('CAPABILITY_NOT_SUPPORTED', { message: `The session's engine cannot ${what}.` });
  }
  try {
    return (await call(engineSession)) as T;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const code = error.code === 'NOT_ON_WHATSAPP' ? 'NOT_ON_WHATSAPP' : 'SESSION_NOT_CONNECTED';
    throw new AppError(code, { message: error.message });
  }
}
