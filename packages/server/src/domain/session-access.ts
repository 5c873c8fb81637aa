import type { EngineSession } from '../engines/engine.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { Principal } from './authorization.js';
import type { SessionControl } from './session-control.js';
import { modeOf, type Session } from './types.js';

/** The principal's session: SESSION_NOT_FOUND for another tenant's, or one of the other mode. */
export async function sessionOf(storage: Storage, principal: Principal, sessionId: string): Promise<Session> {
  const session = await storage.sessions.get(principal.tenant.id, sessionId);
  if (!session || modeOf(session) !== principal.mode) throw new AppError('SESSION_NOT_FOUND');
  return session;
}

/**
 * An optional engine operation of a session connected here, through the runtime's control (not
 * bound yet, as while the gateway is built: SESSION_NOT_CONNECTED).
 */
export function callEngineOf<T>(
  control: Pick<SessionControl, 'engineCall'> | undefined,
  sessionId: string,
  method: keyof EngineSession,
  what: string,
  call: (s: EngineSession) => Promise<T> | undefined,
): Promise<T> {
  if (!control) throw new AppError('SESSION_NOT_CONNECTED');
  return control.engineCall(sessionId, method, what, call);
}
