import { describe, expectTypeOf, it } from 'vitest';
import type { Wagw } from './client.js';
import type { APIError } from './core/errors.js';
import type { Page } from './core/pagination.js';
import type {
  Event,
  Message,
  MessageEditParams,
  MessageForwardParams,
  MessageRevokeParams,
  Session,
  WebhookEvent,
} from './types.js';
import type { FileMessageType, MessageSendFileParams } from './types-media.js';

// Compile-time checks: `tsc --noEmit` fails when the public types drift.
describe('public types', () => {
  it('return the generated schema types', () => {
    expectTypeOf<Wagw['sessions']['get']>().returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf<Wagw['sessions']['qrPng']>().returns.resolves.toEqualTypeOf<Uint8Array>();
    expectTypeOf<Wagw['messages']['send']>().returns.resolves.toEqualTypeOf<Message>();
    expectTypeOf<Awaited<ReturnType<Wagw['sessions']['list']>>>().toEqualTypeOf<Page<Session>>();
    expectTypeOf<ReturnType<Wagw['events']['iterate']>>().toEqualTypeOf<AsyncGenerator<Event, void>>();
  });

  it('type the send parameters per message type, and error codes', () => {
    type Send = Parameters<Wagw['messages']['send']>[1];
    expectTypeOf<{ type: 'text'; to: string; text: string }>().toMatchTypeOf<Send>();
    expectTypeOf<{
      type: 'location';
      to: string;
      latitude: number;
      longitude: number;
    }>().toMatchTypeOf<Send>();
    expectTypeOf<{
      type: 'image';
      to: string;
      media: { id: string };
      caption: string;
    }>().toMatchTypeOf<Send>();
    expectTypeOf<{ type: 'reaction'; to: string; message_id: string; emoji: string }>().toMatchTypeOf<Send>();
    // Each type needs its own fields: a poll without options is a type error.
    expectTypeOf<{ type: 'poll'; to: string; question: string }>().not.toMatchTypeOf<Send>();
    expectTypeOf<Extract<Send, { type: 'poll' }>['options']>().toEqualTypeOf<string[]>();
    expectTypeOf<'SESSION_NOT_FOUND'>().toMatchTypeOf<NonNullable<APIError['code']>>();
    expectTypeOf<'NOT_A_CODE'>().not.toMatchTypeOf<NonNullable<APIError['code']>>();
  });

  it('type edit, revoke, forward and file sends from the send parameters', () => {
    type Send = Parameters<Wagw['messages']['send']>[1];
    expectTypeOf<{ type: 'edit'; to: string; message_id: string; text: string }>().toMatchTypeOf<Send>();
    expectTypeOf<{ type: 'revoke'; to: string; message_id: string }>().toMatchTypeOf<Send>();
    expectTypeOf<{ type: 'forward'; to: string; message_id: string }>().toMatchTypeOf<Send>();
    expectTypeOf<{ type: 'edit'; to: string; message_id: string }>().not.toMatchTypeOf<Send>();
    expectTypeOf<Parameters<Wagw['messages']['edit']>[2]>().toEqualTypeOf<MessageEditParams>();
    expectTypeOf<MessageEditParams>().toEqualTypeOf<{ to: string; text: string }>();
    expectTypeOf<MessageRevokeParams>().toEqualTypeOf<{ to: string }>();
    expectTypeOf<MessageForwardParams>().toEqualTypeOf<{ to: string; send_at?: string }>();
    expectTypeOf<Wagw['messages']['forward']>().returns.resolves.toEqualTypeOf<Message>();

    expectTypeOf<FileMessageType>().toEqualTypeOf<'image' | 'video' | 'audio' | 'document' | 'sticker'>();
    const file = new Uint8Array();
    const sendFile = (params: MessageSendFileParams) => params;
    sendFile({ type: 'document', to: '+1', file, fileName: 'a.pdf', caption: 'terms', replyTo: 'msg_1' });
    sendFile({ type: 'audio', to: '+1', file, voice: true });
    // @ts-expect-error a sticker has no caption
    sendFile({ type: 'sticker', to: '+1', file, caption: 'hi' });
    // @ts-expect-error only audio is a voice note
    sendFile({ type: 'image', to: '+1', file, voice: true });
  });

  it('discriminates webhook events by type', () => {
    expectTypeOf<Extract<WebhookEvent, { type: 'message.sent' }>['type']>().toEqualTypeOf<'message.sent'>();
    expectTypeOf<WebhookEvent>().toHaveProperty('timestamp').toEqualTypeOf<string>();
    expectTypeOf<WebhookEvent>().not.toHaveProperty('created_at');
  });
});
