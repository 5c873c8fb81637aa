/** How fast a session sends: null fields are unlimited. */
export interface Pace {
  /** Messages a minute, spaced evenly with jitter. */
  perMinute: number | null;
  /** Messages to numbers the session has no chat with, per rolling hour. */
  newChatsPerHour: number | null;
}

/** WhatsApp's hold on a session's new chats (a 463 reach-out timelock). */
export interface ReachOutHold {
  reason: 'reach_out_timelock';
  /** When it lifts by itself. */
  until: number;
  /**
   * `notified`: WhatsApp announced the lock (and lifts it with another notification); `refused`:
   * only a 463 told of it, so it lasts its time whatever WhatsApp says of locks meanwhile.
   */
  source: 'notified' | 'refused';
}

export interface SessionPacing extends Pace {
  /** false: the server's default pace for the session's engine. */
  custom: boolean;
  hold: ReachOutHold | null;
}

/** How long a 463 holds new chats when WhatsApp does not say (WhatsApp Web waits 60 s). */
export const DEFAULT_HOLD_MS = 60_000;
/** After this many 463s for one message it fails (WA_463): the number will not take a new chat. */
export const MAX_REACH_OUT_REFUSALS = 3;
