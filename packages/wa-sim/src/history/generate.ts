/** What a simulated account's phone already holds when a device links: it is sent by history sync. */
export interface HistoryOptions {
  /** Address-book contacts (names, phone numbers, LIDs); the chats are with the first of them. */
  contacts: number;
  /** 1:1 chats (at most `contacts`). */
  chats: number;
  /** Past messages, spread over the chats (a few busy chats hold most), both directions. */
  messages: number;
  /** Same seed, same history (default 1). */
  seed?: number;
  /** Most messages per history sync notification (default 2,500). */
  chunkMessages?: number;
  /** Newest message this long before the link, in seconds (default 60); the oldest ~1 year before. */
  endAgoSeconds?: number;
}

export interface HistoryContact {
  phone: string;
  lid: string;
  /** Address-book name. */
  name: string;
  /** The name the contact set for itself. */
  pushName: string;
}

export interface HistoryMessage {
  id: string;
  fromMe: boolean;
  text: string;
  /** Unix seconds. */
  timestamp: number;
}

export interface HistoryChat {
  contact: HistoryContact;
  /** Newest first, as WhatsApp lists a conversation's messages in history sync. */
  messages: HistoryMessage[];
  unreadCount: number;
}

export interface GeneratedHistory {
  contacts: HistoryContact[];
  chats: HistoryChat[];
  messageCount: number;
}

const FIRST = [
  'Ana',
  'Ben',
  'Carla',
  'David',
  'Elif',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kenji',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sami',
  'Tara',
  'Umut',
  'Vera',
  'Wei',
  'Yara',
];
const LAST = [
  'Almeida',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hansen',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'López',
  'Müller',
  'Novak',
  'Okafor',
  'Petrov',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
];
const WORDS = (
  'ok yes no thanks see you tomorrow today tonight later meeting call me when are free lunch dinner ' +
  'coffee the a and to of in on at for with this that it is was be will can could would please sorry ' +
  'great good nice sure maybe why how what where who just now soon home work office train late on my ' +
  'way running minutes hours send me the file photo address price order delivered package invoice ' +
  'weekend plans birthday party happy congrats love haha lol 👍 🙏 😂 ❤️ 🎉 really awesome perfect'
).split(' ');

/** A small, fast, seedable PRNG (mulberry32): the same seed always gives the same history. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const digits = (rand: () => number, count: number): string => {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(rand() * 10);
  return out;
};

const hex = (value: number, width: number): string => value.toString(16).toUpperCase().padStart(width, '0');

/** Unique across the history (chat and position in it), random-looking like a phone's ids. */
const messageId = (rand: () => number, chat: number, index: number): string =>
  `3A${hex(chat, 4)}${hex(index, 6)}${hex(Math.floor(rand() * 0xffffffff), 8)}`;

/** Mostly short texts, some sentences, a few long ones, like a real chat. */
const messageText = (rand: () => number): string => {
  const r = rand();
  const words =
    r < 0.55
      ? 1 + Math.floor(rand() * 5)
      : r < 0.9
        ? 6 + Math.floor(rand() * 15)
        : 20 + Math.floor(rand() * 60);
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(rand, WORDS));
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const check = (name: string, value: number, min: number): void => {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`history.${name} must be an integer >= ${min}`);
};

/** Throws unless the options describe a history that can be generated. */
export const validateHistory = (options: HistoryOptions): void => {
  check('contacts', options.contacts, 0);
  check('chats', options.chats, 0);
  check('messages', options.messages, 0);
  if (options.chats > options.contacts) throw new Error('history.chats must be <= history.contacts');
  if (options.messages > 0 && options.chats === 0) throw new Error('history.messages need at least one chat');
  if (options.seed !== undefined) check('seed', options.seed, 0);
  if (options.chunkMessages !== undefined) check('chunkMessages', options.chunkMessages, 1);
  if (options.endAgoSeconds !== undefined) check('endAgoSeconds', options.endAgoSeconds, 0);
};

/**
 * Generates an account's history deterministically from `options.seed`: contacts with unique
 * phone numbers (fictional +1 555 range) and LIDs, chats with the first `chats` contacts, and
 * messages spread Zipf-like over the chats (every chat gets at least one while there are enough),
 * alternating direction at random, timestamps rising over about a year up to `now - endAgoSeconds`.
 */
export const generateHistory = (
  options: HistoryOptions,
  now = Math.floor(Date.now() / 1000),
): GeneratedHistory => {
  validateHistory(options);
  const rand = prng(options.seed ?? 1);
  const phones = new Set<string>();
  const lids = new Set<string>();
  const contacts: HistoryContact[] = [];
  while (contacts.length < options.contacts) {
    const phone = `1555${digits(rand, 7)}`;
    const lid = `${1 + Math.floor(rand() * 9)}${digits(rand, 14)}`;
    if (phones.has(phone) || lids.has(lid)) continue;
    phones.add(phone);
    lids.add(lid);
    const first = pick(rand, FIRST);
    const name = `${first} ${pick(rand, LAST)}`;
    contacts.push({ phone, lid, name, pushName: rand() < 0.7 ? first : name });
  }
  // Chat i gets weight 1/(i+1): the first few chats hold most of the messages.
  const weights = Array.from({ length: options.chats }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = weights.map(() => (options.messages >= options.chats ? 1 : 0));
  let left = options.messages - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < counts.length && left > 0; i++) {
    const share = Math.min(
      left,
      Math.floor(((options.messages - options.chats) * (weights[i] ?? 0)) / total),
    );
    counts[i] = (counts[i] ?? 0) + share;
    left -= share;
  }
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i] = (counts[i] ?? 0) + 1;

  const end = now - (options.endAgoSeconds ?? 60);
  const span = 365 * 24 * 3600;
  const chats = counts.map((count, i): HistoryChat => {
    const contact = contacts[i] as HistoryContact;
    const messages: HistoryMessage[] = [];
    // Oldest first while generating; gaps are random but always move forward.
    let t = end - span + Math.floor(rand() * 3600);
    const step = count > 0 ? span / count : span;
    for (let m = 0; m < count; m++) {
      t += 1 + Math.floor(rand() * step * 1.6);
      messages.push({
        id: messageId(rand, i, m),
        fromMe: rand() < 0.45,
        text: messageText(rand),
        timestamp: Math.min(t, end),
      });
    }
    messages.reverse();
    const unreadCount = messages[0] && !messages[0].fromMe ? Math.floor(rand() * 4) : 0;
    return { contact, messages, unreadCount };
  });
  return { contacts, chats, messageCount: options.messages };
};
