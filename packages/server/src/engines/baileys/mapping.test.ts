import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import {
  identityOf,
  isConnectionError,
  isDirectChat,
  isSameChat,
  jidToLid,
  jidToPhone,
  phoneToJid,
  statusFromAck,
  statusFromProto,
  timestampMs,
} from './mapping.js';

describe('Baileys mapping helpers', () => {
  it('phone numbers and JIDs', () => {
    expect(phoneToJid('+14155550000')).toBe('14155550000@s.whatsapp.net');
    expect(jidToPhone('14155550000@s.whatsapp.net')).toBe('+14155550000');
    expect(jidToPhone('14155550000:12@s.whatsapp.net')).toBe('+14155550000');
    expect(jidToPhone('123456789012345@lid')).toBeUndefined();
    expect(jidToPhone('120363000000000000@g.us')).toBeUndefined();
    expect(jidToPhone(undefined)).toBeUndefined();
    expect(jidToLid('123456789012345:3@lid')).toBe('123456789012345@lid');
    expect(jidToLid('14155550000@s.whatsapp.net')).toBeUndefined();
  });

  it('identities from a key and its alternate, whichever way round', () => {
    expect(identityOf('999@lid', '14155550000@s.whatsapp.net')).toEqual({
      phone: '+14155550000',
      lid: '999@lid',
    });
    expect(identityOf('14155550000@s.whatsapp.net', '999@lid')).toEqual({
      phone: '+14155550000',
      lid: '999@lid',
    });
    expect(identityOf('999@lid')).toEqual({ phone: undefined, lid: '999@lid' });
  });

  it('server acks: accepted → sent, error attribute → failed with WA_<code>', () => {
    expect(statusFromAck({ id: 'ABC', class: 'message' })).toEqual({ waMessageId: 'ABC', status: 'sent' });
    expect(statusFromAck({ id: 'ABC', class: 'message', error: '463' })).toMatchObject({
      waMessageId: 'ABC',
      status: 'failed',
      error: { code: 'WA_463' },
    });
    expect(statusFromAck({ class: 'message' })).toBeUndefined();
  });

  it('proto statuses, with played as read and ERROR carrying its stub code', () => {
    const S = proto.WebMessageInfo.Status;
    expect(statusFromProto(S.PENDING)).toBeUndefined();
    expect(statusFromProto(S.SERVER_ACK)).toEqual({ status: 'sent' });
    expect(statusFromProto(S.DELIVERY_ACK)).toEqual({ status: 'delivered' });
    expect(statusFromProto(S.READ)).toEqual({ status: 'read' });
    expect(statusFromProto(S.PLAYED)).toEqual({ status: 'read' });
    expect(statusFromProto(S.ERROR, ['479'])).toMatchObject({ status: 'failed', error: { code: 'WA_479' } });
    expect(statusFromProto(S.ERROR)).toMatchObject({ status: 'failed', error: { code: 'WA_ERROR' } });
    expect(statusFromProto(undefined)).toBeUndefined();
  });

  it('direct chats and connection errors', () => {
    expect(isDirectChat('14155550000@s.whatsapp.net')).toBe(true);
    expect(isDirectChat('123@lid')).toBe(true);
    expect(isDirectChat('123-456@g.us')).toBe(false);
    expect(isDirectChat('status@broadcast')).toBe(false);
    expect(isConnectionError({ output: { statusCode: 428 } })).toBe(true);
    expect(isConnectionError({ output: { statusCode: 400 } })).toBe(false);
    expect(isConnectionError(new Error('x'))).toBe(false);
  });

  it('timestamps in seconds, also as Long', () => {
    expect(timestampMs(1700000000, 5)).toBe(1700000000000);
    expect(timestampMs({ toNumber: () => 1700000001 }, 5)).toBe(1700000001000);
    expect(timestampMs(undefined, 5)).toBe(5);
  });
});

describe('isSameChat (who may get a message re-sent on a retry request)', () => {
  const sent = { to: '+14155550000', toLid: '777@lid' };
  it('accepts the recipient by phone JID (any device) or by LID', () => {
    expect(isSameChat({ remoteJid: '14155550000@s.whatsapp.net' }, sent)).toBe(true);
    expect(isSameChat({ remoteJid: '14155550000:3@s.whatsapp.net' }, sent)).toBe(true);
    expect(isSameChat({ remoteJid: '777@lid' }, sent)).toBe(true);
    expect(isSameChat({ remoteJid: '999@lid', remoteJidAlt: '14155550000@s.whatsapp.net' }, sent)).toBe(true);
  });
  it('refuses anyone else, or an unknown chat', () => {
    expect(isSameChat({ remoteJid: '14155559999@s.whatsapp.net' }, sent)).toBe(false);
    expect(isSameChat({ remoteJid: '888@lid' }, sent)).toBe(false);
    expect(isSameChat({ remoteJid: '888@lid' }, { to: '+14155550000', toLid: null })).toBe(false);
    expect(isSameChat({}, sent)).toBe(false);
  });
});
