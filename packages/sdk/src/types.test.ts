import { describe, expectTypeOf, it } from 'vitest';
import type { Wagw } from './client.js';
import type { APIError } from './core/errors.js';
import type { Page } from './core/pagination.js';
import type { Event, Message, Session, WebhookEvent } from './types.js';

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

  it('discriminates webhook events by type', () => {
    expectTypeOf<Extract<WebhookEvent, { type: 'message.sent' }>['type']>().toEqualTypeOf<'message.sent'>();
    expectTypeOf<WebhookEvent>().toHaveProperty('timestamp').toEqualTypeOf<string>();
    expectTypeOf<WebhookEvent>().not.toHaveProperty('created_at');
  });
});
