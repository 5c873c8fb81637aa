/** Types of contacts and LID mappings, aliases of `generated/openapi.ts` (see types.ts). */
import type { components, operations } from './generated/openapi.js';

type Query<Op> = Op extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;

/** A contact of a session: its phone number and LID (either may be null), name, `blocked`. */
export type Contact = components['schemas']['Contact'];
/** The `data` of a `contact.updated` event: the contact, with the fields that changed. */
export type ContactUpdatedData = components['schemas']['ContactUpdatedData'];
/** A LID ↔ phone number pair a session knows. */
export type LidMapping = components['schemas']['LidMapping'];
/** Whether a number has WhatsApp, with its LID when WhatsApp gave it. */
export type NumberCheck = components['schemas']['NumberCheck'];

export type ContactListParams = Query<operations['listContacts']>;
export type LidListParams = Query<operations['listLids']>;
