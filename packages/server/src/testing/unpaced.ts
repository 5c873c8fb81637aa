/**
 * Test support: the server config's `sessions.pacing` with no limits, for tests that send through
 * a real engine faster than the default pace (one message every ~3 s) allows.
 */
export const UNPACED = { perMinute: null, newChatsPerHour: null };
