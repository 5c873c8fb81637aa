import { describe, expect, it } from 'vitest';
import { message } from '../../testing/fixtures.js';
import { summaryOf } from './render.js';

describe('summaryOf', () => {
  it('says what a message of each type says, in one line', () => {
    const ref = { message_id: 'msg_0', wa_message_id: '3EB0', from_me: true, text: 'hi' };
    const media = { id: 'med_1', content_type: 'image/png', size: 10, file_name: 'a.png', voice: false };
    expect(summaryOf(message({ text: 'Hello' }))).toBe('Hello');
    expect(summaryOf(message({ text: 'yes', reply_to: ref }))).toBe('↩ yes');
    expect(summaryOf(message({ type: 'image', text: 'our shop', media }))).toBe('[image] our shop');
    expect(
      summaryOf(message({ type: 'document', text: null, media: { ...media, file_name: 'menu.pdf' } })),
    ).toBe('[document] menu.pdf');
    expect(
      summaryOf(message({ type: 'audio', text: null, media: { ...media, file_name: null, voice: true } })),
    ).toBe('[voice]');
    expect(
      summaryOf(
        message({
          type: 'location',
          text: null,
          location: { latitude: 1.5, longitude: 2.5, name: null, address: null },
        }),
      ),
    ).toBe('[location] 1.5, 2.5');
    expect(
      summaryOf(
        message({
          type: 'location',
          text: null,
          location: { latitude: 1, longitude: 2, name: 'Big Ben', address: 'London' },
        }),
      ),
    ).toBe('[location] Big Ben, London');
    expect(
      summaryOf(
        message({ type: 'contact', text: null, contacts: [{ name: 'Ada', phone: null, vcard: '' }] }),
      ),
    ).toBe('[contact] Ada');
    expect(
      summaryOf(
        message({
          type: 'poll',
          text: null,
          poll: { question: 'Lunch?', options: ['a', 'b'], selectable_count: 1 },
        }),
      ),
    ).toBe('[poll] Lunch?');
    expect(summaryOf(message({ type: 'reaction', text: null, reaction: { target: ref, emoji: '👍' } }))).toBe(
      '[reaction 👍]',
    );
    expect(summaryOf(message({ type: 'reaction', text: null, reaction: { target: ref, emoji: '' } }))).toBe(
      '[reaction removed]',
    );
  });
});
