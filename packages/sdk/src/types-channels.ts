/** Types of channels, aliases of `generated/openapi.ts` (see types.ts). */
import type { components, operations } from './generated/openapi.js';

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;

/** A WhatsApp channel (newsletter): `role` says whether the session owns or follows it. */
export type Channel = components['schemas']['Channel'];
export type ChannelCreateParams = JsonBody<operations['createChannel']>;
export type ChannelListParams = Query<operations['listChannels']>;
