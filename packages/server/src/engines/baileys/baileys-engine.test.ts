import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { baileysEngine } from './baileys-engine.js';
import { wantsHistory } from './mapping.js';

describe('baileys engine', () => {
  it('declares QR and pairing-code pairing, and no simulated scan', () => {
    expect(baileysEngine().name).toBe('baileys');
    expect(baileysEngine().capabilities).toEqual({
      qr: true,
      pairingCode: true,
      simulatedScan: false,
      messageTypes: [
        'text',
        'image',
        'video',
        'audio',
        'document',
        'sticker',
        'location',
        'contact',
        'poll',
        'reaction',
        'edit',
        'revoke',
      ],
    });
    // Votes only ever arrive.
    expect(baileysEngine().capabilities.messageTypes).not.toContain('poll_vote');
  });

  it('takes the history batches that carry LID mappings, and refuses message history (no 20 s wait)', () => {
    const T = proto.HistorySync.HistorySyncType;
    expect(wantsHistory({ syncType: T.INITIAL_BOOTSTRAP })).toBe(true);
    expect(wantsHistory({ syncType: T.PUSH_NAME })).toBe(true);
    // Baileys decides whether to wait for history on first login by asking about RECENT.
    expect(wantsHistory({ syncType: T.RECENT })).toBe(false);
    expect(wantsHistory({ syncType: T.FULL })).toBe(false);
    expect(wantsHistory({ syncType: T.ON_DEMAND })).toBe(false);
  });
});
