import { describe, expect, it } from 'vitest';
import { parseInboundContent } from './parse.js';

describe('parseInboundContent', () => {
  it('accepts every inbound type', () => {
    const valid = [
      { type: 'text', text: 'hi', quotedId: 'Q', mentions: ['1@s.whatsapp.net'] },
      { type: 'location', latitude: -33.9, longitude: 151.2, name: 'Sydney' },
      { type: 'contact', displayName: 'Ann', vcard: 'BEGIN:VCARD' },
      { type: 'contacts', contacts: [{ displayName: 'Ann', vcard: 'A' }] },
      { type: 'poll', question: 'Q?', options: ['a', 'b'], selectableCount: 1 },
      { type: 'poll_vote', pollId: 'P', selectedOptions: [], addressing: { creator: 'pn' } },
      { type: 'reaction', targetId: 'T', emoji: '' },
      { type: 'revoke', targetId: 'T' },
      { type: 'edit', targetId: 'T', text: 'new' },
      { type: 'image', data: 'aGk=', mimetype: 'image/png', caption: 'c', quotedId: 'Q' },
      { type: 'audio', data: 'aGk=', mimetype: 'audio/ogg', ptt: true },
      { type: 'document', data: 'aGk=', mimetype: 'application/pdf', fileName: 'a.pdf' },
    ];
    for (const content of valid) expect(parseInboundContent(content)).toEqual(content);
    expect(parseInboundContent({ type: 'poll', question: 'Q?', options: ['a', 'b'] })).toMatchObject({
      selectableCount: 0,
    });
  });

  it('a forward: forwarded on content types, kept only when true', () => {
    expect(parseInboundContent({ type: 'text', text: 'x', forwarded: true })).toEqual({
      type: 'text',
      text: 'x',
      forwarded: true,
    });
    expect(parseInboundContent({ type: 'text', text: 'x', forwarded: false })).toEqual({
      type: 'text',
      text: 'x',
    });
  });

  it('rejects unknown types and fields, and bad values', () => {
    const invalid: Array<[unknown, RegExp]> = [
      [null, /must be an object/],
      [{ type: 'hologram' }, /unknown type "hologram"/],
      [{ type: 'image', mimetype: 'image/png' }, /data must be a string/],
      [{ type: 'image', data: 'not base64!', mimetype: 'image/png' }, /data must be base64/],
      [{ type: 'image', data: 'eA==', mimetype: 'image/png', ptt: true }, /unknown field ptt/],
      [{ type: 'audio', data: 'eA==', mimetype: 'audio/ogg', ptt: 'yes' }, /ptt must be a boolean/],
      [{ type: 'text' }, /text must be a string/],
      [{ type: 'text', text: '' }, /text must not be empty/],
      [{ type: 'text', text: 'x', colour: 'red' }, /unknown field colour/],
      [{ type: 'reaction', targetId: 'T', emoji: '👍', quotedId: 'Q' }, /unknown field quotedId/],
      [{ type: 'revoke', targetId: 'T', forwarded: true }, /unknown field forwarded/],
      [{ type: 'text', text: 'x', forwarded: 'yes' }, /forwarded must be a boolean/],
      [{ type: 'location', latitude: 91, longitude: 0 }, /latitude must be a number between -90 and 90/],
      [{ type: 'contacts', contacts: [] }, /non-empty array/],
      [{ type: 'poll', question: 'Q?', options: ['a'] }, /2 to 12 options/],
      [{ type: 'poll', question: 'Q?', options: ['a', 'a'] }, /distinct/],
      [{ type: 'poll', question: 'Q?', options: ['a', 'b'], selectableCount: 3 }, /must not exceed/],
      [{ type: 'poll', question: 'Q?', options: ['a', 'b'], messageSecret: 'AAAA' }, /32 bytes/],
      [{ type: 'poll_vote', pollId: 'P', selectedOptions: 'a' }, /array of strings/],
      [
        { type: 'poll_vote', pollId: 'P', selectedOptions: [], addressing: { creator: 'x' } },
        /'pn' or 'lid'/,
      ],
    ];
    for (const [content, error] of invalid) expect(() => parseInboundContent(content)).toThrow(error);
  });
});
