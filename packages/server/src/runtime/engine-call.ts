import { EngineError, type EngineSession } from '../engines/engine.js';
import { AppError } from '../errors/app-error.js';

/** Engine error codes that mean the same to the API caller; any other is a connection problem. */
const PASSED_ON = new Set([
  'NOT_ON_WHATSAPP',
  'GROUP_NOT_FOUND',
  'GROUP_NOT_ADMIN',
  'GROUP_INVITE_INVALID',
  'CHANNEL_NOT_FOUND',
  'CHANNEL_NOT_ADMIN',
]);
type PassedOn =
  | 'NOT_ON_WHATSAPP'
  | 'GROUP_NOT_FOUND'
  | 'GROUP_NOT_ADMIN'
  | 'GROUP_INVITE_INVALID'
  | 'CHANNEL_NOT_FOUND'
  | 'CHANNEL_NOT_ADMIN';

/**
 * Calls an optional method of the engine session of a session running here (`engineSession`
 * undefined: not here), turning what can go wrong into coded errors: SESSION_NOT_CONNECTED,
 * CAPABILITY_NOT_SUPPORTED, and the engine's own NOT_ON_WHATSAPP and GROUP_* refusals.
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
    const code = PASSED_ON.has(error.code) ? (error.code as PassedOn) : 'SESSION_NOT_CONNECTED';
    throw new AppError(code, { message: error.message });
  }
}
