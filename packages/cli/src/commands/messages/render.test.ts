import { describe, expect, it } from 'vitest';
import { Output } from '../../output.js';
import { fakeContext } from '../../testing/fake-context.js';
import { message } from '../../testing/fixtures.js';
import { printMessage, summaryOf } from './render.js';

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

  it('says what edits, deletions and votes do, and marks forwarded, edited and deleted messages', () => {
    const ref = { message_id: 'msg_0', wa_message_id: '3EB0', from_me: true, text: 'hi' };
    expect(
      summaryOf(message({ type: 'edit', text: 'new text', edit: { target: ref, text: 'new text' } })),
    ).toBe('[edit] new text');
    expect(summaryOf(message({ type: 'revoke', text: null, revoke: { target: ref } }))).toBe('[revoke]');
    expect(
      summaryOf(
        message({ type: 'poll_vote', text: null, poll_vote: { target: ref, options: ['Mon', 'Tue'] } }),
      ),
    ).toBe('[vote] Mon, Tue');
    expect(
      summaryOf(message({ type: 'poll_vote', text: null, poll_vote: { target: ref, options: [] } })),
    ).toBe('[vote removed]');
    expect(summaryOf(message({ forwarded: true, text: 'fyi' }))).toBe('↪ fyi');
    expect(summaryOf(message({ text: 'at 8', edited_at: '2026-11-22T10:01:00.000Z' }))).toBe('at 8 (edited)');
    expect(summaryOf(message({ text: 'oops', revoked_at: '2026-11-22T10:01:00.000Z' }))).toBe(
      '[deleted] oops',
    );
  });
});

describe('printMessage', () => {
  it('shows the target of an edit, and when a message was forwarded, edited or deleted', () => {
    const ref = { message_id: null, wa_message_id: '3EB0', from_me: false, text: 'hi' };
    const vote = fakeContext();
    printMessage(
      new Output(vote, false),
      message({ type: 'poll_vote', direction: 'inbound', poll_vote: { target: ref, options: ['Mon'] } }),
    );
    expect(vote.stdoutText()).toMatch(/^content:\s+\[vote\] Mon$/m);
    expect(vote.stdoutText()).toMatch(/^target:\s+3EB0 \(WhatsApp id\)$/m);
    const changed = fakeContext();
    printMessage(
      new Output(changed, false),
      message({
        forwarded: true,
        edited_at: '2026-11-22T10:01:00.000Z',
        revoked_at: '2026-11-22T10:02:00.000Z',
      }),
    );
    expect(changed.stdoutText()).toMatch(/^forwarded:\s+yes$/m);
    expect(changed.stdoutText()).toMatch(/^edited:\s+2026-11-22T10:01:00.000Z$/m);
    expect(changed.stdoutText()).toMatch(/^deleted:\s+2026-11-22T10:02:00.000Z$/m);
    expect(changed.stdoutText()).toMatch(/^content:\s+\[deleted\] ↪ Hello \(edited\)$/m);
    expect(changed.stdoutText()).not.toContain('target:');
  });
});
