/** Types of profiles and presence, aliases of `generated/openapi.ts` (see types.ts). */
import type { components, operations } from './generated/openapi.js';

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The session's own profile: push name, about, picture URL. */
export type SessionProfile = components['schemas']['SessionProfile'];
/** What a contact shows the session: about (and when it was set) and picture URL. */
export type ContactProfile = components['schemas']['ContactProfile'];
/** The `data` of a `presence.updated` event. */
export type PresenceUpdatedData = components['schemas']['PresenceUpdatedData'];
export type SessionProfileUpdateParams = JsonBody<operations['updateSessionProfile']>;
export type OwnPresence = JsonBody<operations['setSessionPresence']>['presence'];
