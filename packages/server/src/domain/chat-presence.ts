/** What a chat shows of this account: typing, recording a voice note, or nothing (`paused`). */
export const CHAT_PRESENCES = ['typing', 'recording', 'paused'] as const;
export type ChatPresence = (typeof CHAT_PRESENCES)[number];
