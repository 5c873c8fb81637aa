import type { SimConnection } from '../connection.js';
import { type SimContext, senderOf } from '../context.js';
import { type BinaryNode, child, iqError, iqResult, node, text } from '../nodes.js';
import { hidesFrom, isAccount, type Person, requirePerson } from '../state/people.js';
import { syncPushName } from './app-state.js';
import { pictureUrl, type StoredPicture, setPicture } from './picture.js';

/** WhatsApp's limit for an about text. */
export const MAX_ABOUT_LENGTH = 139;

/** What an account or contact shows besides its push name. */
export interface Profile {
  about?: string;
  /** ms since epoch. */
  aboutSetAt?: number;
  picture?: StoredPicture;
}

/** `Simulator.profile`. */
export interface ProfileInfo {
  /** Push name: a contact's `pushName`; an account's, once it has one. */
  name?: string;
  /** The about text (`fetchStatus`), and when it was set (ms since epoch). */
  about?: string;
  aboutSetAt?: number;
  /** The profile picture: its id, the URL that serves it, its size in bytes, when it was set. */
  picture?: { id: string; url: string; size: number; setAt: number };
}

export interface ProfileChanges {
  /** A new push name (not empty). */
  name?: string;
  /** A new about text (at most 139 characters; `''` clears it). */
  about?: string;
  /** New picture bytes (served as they are, as `image/jpeg`), or `null` to remove it. */
  picture?: Uint8Array | null;
}

const setAbout = (person: Person, about: string): void => {
  person.profile.about = about || undefined;
  person.profile.aboutSetAt = Date.now();
};

export const profileInfo = (ctx: SimContext, person: Person): ProfileInfo => {
  const name = isAccount(person) ? person.name : person.pushName;
  const { about, aboutSetAt, picture } = person.profile;
  return {
    ...(name !== undefined && { name }),
    ...(about !== undefined && { about, aboutSetAt }),
    ...(picture && {
      picture: {
        id: picture.id,
        url: pictureUrl(ctx, person.phone, picture),
        size: picture.data.length,
        setAt: picture.setAt,
      },
    }),
  };
};

const validate = (changes: ProfileChanges): void => {
  const { name, about, picture } = changes;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    throw new Error('name must be a non-empty string');
  }
  if (about !== undefined && typeof about !== 'string') throw new Error('about must be a string');
  if (about !== undefined && [...about].length > MAX_ABOUT_LENGTH) {
    throw new Error(`about must be at most ${MAX_ABOUT_LENGTH} characters`);
  }
  if (picture !== undefined && picture !== null && !(picture instanceof Uint8Array && picture.length > 0)) {
    throw new Error('picture must be non-empty bytes, or null to remove it');
  }
};

/**
 * `setProfile`: changes the push name, about text and picture of an account or contact (throws for
 * a number that is neither, or invalid values, before changing anything). An account's new name is
 * synced to its devices as app state; a picture change is notified to who sees it.
 */
export const setProfile = (ctx: SimContext, phone: string, changes: ProfileChanges): ProfileInfo => {
  const person = requirePerson(ctx, phone);
  validate(changes);
  if (changes.name !== undefined) {
    if (isAccount(person)) {
      person.name = changes.name;
      void syncPushName(ctx, person);
    } else {
      person.pushName = changes.name;
    }
  }
  if (changes.about !== undefined) setAbout(person, changes.about);
  if (changes.picture !== undefined) setPicture(ctx, person, changes.picture);
  return profileInfo(ctx, person);
};

export const profileOf = (ctx: SimContext, phone: string): ProfileInfo =>
  profileInfo(ctx, requirePerson(ctx, phone));

/** `iq xmlns=status type=set <status>text</status>` (`updateProfileStatus`): the account's about. */
export const handleStatusIq = (ctx: SimContext, conn: SimConnection, iq: BinaryNode): BinaryNode => {
  const me = senderOf(ctx, conn)?.account;
  if (!me) return iqError(iq, 401, 'not-authorized');
  const status = child(iq, 'status');
  if (iq.attrs.type !== 'set' || !status) return iqError(iq, 400, 'bad-request');
  const about = text(status) ?? '';
  if ([...about].length > MAX_ABOUT_LENGTH) return iqError(iq, 400, 'bad-request');
  setAbout(me, about);
  return iqResult(iq);
};

/**
 * The usync `status` protocol's answer for one user (`fetchStatus`): `<status t>about</status>`,
 * empty when there is none, `code=401` when the user blocked the asker.
 */
export const statusNode = (person: Person, asker: string | undefined): BinaryNode => {
  if (hidesFrom(person, asker)) return node('status', { code: '401' });
  const { about, aboutSetAt = 0 } = person.profile;
  const t = String(Math.floor(aboutSetAt / 1000));
  return about ? node('status', { t }, Buffer.from(about, 'utf8')) : node('status', { t });
};
