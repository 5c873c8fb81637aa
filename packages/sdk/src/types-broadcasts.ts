/** Types of broadcasts, aliases of `generated/openapi.ts` (see types.ts). */
import type { components, operations } from './generated/openapi.js';

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Broadcast = components['schemas']['Broadcast'];
export type BroadcastStatus = Broadcast['status'];
export type BroadcastProgress = components['schemas']['BroadcastProgress'];
export type BroadcastRecipient = components['schemas']['BroadcastRecipient'];
export type BroadcastCreateParams = JsonBody<operations['createBroadcast']>;
/** Every query parameter is optional on the wire (the server fills in defaults). */
export type BroadcastListParams = Partial<NonNullable<operations['listBroadcasts']['parameters']['query']>>;
export type BroadcastRecipientsParams = Partial<
  NonNullable<operations['listBroadcastRecipients']['parameters']['query']>
>;
