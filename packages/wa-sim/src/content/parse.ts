import type { ContactCard, InboundContent, InboundMediaContent, MediaType } from './types.js';

const MEDIA_TYPES: readonly MediaType[] = ['image', 'video', 'audio', 'document', 'sticker'];

type Obj = Record<string, unknown>;

const fail = (message: string): never => {
  throw new Error(`content: ${message}`);
};

const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (
  o: Obj,
  key: string,
  options: { optional?: boolean; empty?: boolean } = {},
): string | undefined => {
  const value = o[key];
  if (value === undefined && options.optional) return undefined;
  if (typeof value !== 'string') return fail(`${key} must be a string`);
  if (value === '' && !options.empty) return fail(`${key} must not be empty`);
  return value;
};

const req = (o: Obj, key: string, empty = false): string => str(o, key, { empty }) as string;

const strings = (o: Obj, key: string, optional = false): string[] | undefined => {
  const value = o[key];
  if (value === undefined && optional) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    return fail(`${key} must be an array of strings`);
  }
  return value as string[];
};

const coordinate = (o: Obj, key: string, limit: number): number => {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    return fail(`${key} must be a number between -${limit} and ${limit}`);
  }
  return value;
};

const card = (value: unknown): ContactCard => {
  if (!isObj(value)) return fail('each contact must be an object');
  return { displayName: req(value, 'displayName'), vcard: req(value, 'vcard') };
};

const ALLOWED: Record<InboundContent['type'], readonly string[]> = {
  text: ['text', 'mentions'],
  location: ['latitude', 'longitude', 'name', 'address'],
  contact: ['displayName', 'vcard'],
  contacts: ['displayName', 'contacts'],
  poll: ['question', 'options', 'selectableCount', 'messageSecret'],
  poll_vote: ['pollId', 'selectedOptions', 'addressing'],
  reaction: ['targetId', 'emoji'],
  revoke: ['targetId'],
  edit: ['targetId', 'text'],
  image: ['data', 'mimetype', 'caption'],
  video: ['data', 'mimetype', 'caption'],
  audio: ['data', 'mimetype', 'ptt'],
  document: ['data', 'mimetype', 'caption', 'fileName'],
  sticker: ['data', 'mimetype'],
};

/** Types that can be a reply or a forward (they have a `contextInfo`). */
const QUOTABLE = new Set(['text', 'location', 'contact', 'contacts', 'poll', ...MEDIA_TYPES]);

const addressing = (value: unknown): { creator?: 'pn' | 'lid'; voter?: 'pn' | 'lid' } => {
  if (!isObj(value)) return fail('addressing must be an object');
  const out: { creator?: 'pn' | 'lid'; voter?: 'pn' | 'lid' } = {};
  for (const [key, v] of Object.entries(value)) {
    if ((key !== 'creator' && key !== 'voter') || (v !== 'pn' && v !== 'lid')) {
      return fail("addressing takes creator and voter, each 'pn' or 'lid'");
    }
    out[key] = v;
  }
  return out;
};

const poll = (o: Obj): InboundContent => {
  const options = strings(o, 'options') as string[];
  if (options.length < 2 || options.length > 12) fail('a poll needs 2 to 12 options');
  if (options.some((v) => v === '') || new Set(options).size !== options.length) {
    fail('poll options must be distinct and not empty');
  }
  const selectableCount = o.selectableCount ?? 0;
  if (!Number.isInteger(selectableCount) || (selectableCount as number) < 0) {
    fail('selectableCount must be an integer >= 0');
  }
  if ((selectableCount as number) > options.length) fail('selectableCount must not exceed the options');
  const messageSecret = str(o, 'messageSecret', { optional: true });
  if (messageSecret !== undefined && Buffer.from(messageSecret, 'base64').length !== 32) {
    fail('messageSecret must be 32 bytes, base64');
  }
  return {
    type: 'poll',
    question: req(o, 'question'),
    options,
    selectableCount: selectableCount as number,
    ...(messageSecret ? { messageSecret } : {}),
  };
};

const media = (o: Obj, type: MediaType): InboundMediaContent => {
  const data = req(o, 'data');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) fail('data must be base64');
  const caption = str(o, 'caption', { optional: true });
  const fileName = str(o, 'fileName', { optional: true });
  if (o.ptt !== undefined && typeof o.ptt !== 'boolean') fail('ptt must be a boolean');
  return {
    type,
    data,
    mimetype: req(o, 'mimetype'),
    ...(caption ? { caption } : {}),
    ...(fileName ? { fileName } : {}),
    ...(o.ptt === true ? { ptt: true } : {}),
  };
};

const body = (o: Obj, type: InboundContent['type']): InboundContent => {
  switch (type) {
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return media(o, type);
    case 'text': {
      const mentions = strings(o, 'mentions', true);
      return { type, text: req(o, 'text'), ...(mentions?.length ? { mentions } : {}) };
    }
    case 'location': {
      const name = str(o, 'name', { optional: true });
      const address = str(o, 'address', { optional: true });
      return {
        type,
        latitude: coordinate(o, 'latitude', 90),
        longitude: coordinate(o, 'longitude', 180),
        ...(name ? { name } : {}),
        ...(address ? { address } : {}),
      };
    }
    case 'contact':
      return { type, ...card(o) };
    case 'contacts': {
      if (!Array.isArray(o.contacts) || o.contacts.length === 0) fail('contacts must be a non-empty array');
      const displayName = str(o, 'displayName', { optional: true });
      return { type, contacts: (o.contacts as unknown[]).map(card), ...(displayName ? { displayName } : {}) };
    }
    case 'poll':
      return poll(o);
    case 'poll_vote':
      return {
        type,
        pollId: req(o, 'pollId'),
        selectedOptions: strings(o, 'selectedOptions') as string[],
        ...(o.addressing === undefined ? {} : { addressing: addressing(o.addressing) }),
      };
    case 'reaction':
      return { type, targetId: req(o, 'targetId'), emoji: req(o, 'emoji', true) };
    case 'revoke':
      return { type, targetId: req(o, 'targetId') };
    case 'edit':
      return { type, targetId: req(o, 'targetId'), text: req(o, 'text') };
  }
};

/**
 * Validates content for `injectInbound` (typed callers and JSON from the control API alike):
 * unknown types and unknown fields are errors, never ignored.
 */
export const parseInboundContent = (value: unknown): InboundContent => {
  if (!isObj(value)) return fail('must be an object');
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(ALLOWED, type)) {
    return fail(`unknown type ${JSON.stringify(type)} (one of ${Object.keys(ALLOWED).join(', ')})`);
  }
  const known = ALLOWED[type as InboundContent['type']];
  for (const key of Object.keys(value)) {
    if (key === 'type' || ((key === 'quotedId' || key === 'forwarded') && QUOTABLE.has(type))) continue;
    if (!known.includes(key)) fail(`unknown field ${key} for ${type}`);
  }
  const quotedId = str(value, 'quotedId', { optional: true });
  if (value.forwarded !== undefined && typeof value.forwarded !== 'boolean')
    fail('forwarded must be a boolean');
  const content = body(value, type as InboundContent['type']);
  return {
    ...content,
    ...(quotedId === undefined ? {} : { quotedId }),
    ...(value.forwarded === true ? { forwarded: true } : {}),
  };
};
