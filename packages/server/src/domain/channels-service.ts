import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import {
  CHANNEL_DESCRIPTION_MAX,
  CHANNEL_ID,
  CHANNEL_INVITE_URL,
  CHANNEL_NAME_MAX,
  type Channel,
  type ChannelInfo,
} from './channel-types.js';
import { callEngineOf, sessionOf } from './session-access.js';
import type { SessionControl } from './session-control.js';
import type { Page, PageParams } from './types.js';

type Control = Pick<SessionControl, 'engineCall'>;
const INVITE_CODE = /^[A-Za-z0-9_-]{6,64}$/;

/**
 * A session's WhatsApp channels (newsletters): the ones it follows or owns are stored (so they
 * list without the connection), any other is asked of WhatsApp by id or link. Only the owner of a
 * channel posts to it, through the message API with `to` = the channel id.
 */
export class ChannelsService {
  #control: Control | undefined;

  constructor(private readonly storage: Storage) {}

  bindControl(control: Control): void {
    this.#control = control;
  }

  async list(principal: Principal, sessionId: string, page: PageParams): Promise<Page<Channel>> {
    await sessionOf(this.storage, principal, sessionId);
    const rows = await this.storage.channels.list(sessionId, {
      limit: page.limit + 1,
      after: page.startingAfter,
    });
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** By id (`digits@newsletter`), invite code or link; asked of WhatsApp, and kept if followed. */
  async get(principal: Principal, sessionId: string, channel: string): Promise<Channel> {
    authorize(principal, 'messages:read');
    await sessionOf(this.storage, principal, sessionId);
    const ref = refOf(channel);
    const info = await callEngineOf(this.#control, sessionId, 'channelInfo', 'read channels', (s) =>
      s.channelInfo?.(ref),
    );
    return this.#learn(sessionId, info, undefined);
  }

  async create(
    principal: Principal,
    sessionId: string,
    params: { name: string; description?: string | null | undefined },
  ): Promise<Channel> {
    authorize(principal, 'messages:send');
    await sessionOf(this.storage, principal, sessionId);
    const name = params.name.trim();
    if (!name || [...name].length > CHANNEL_NAME_MAX) {
      throw new AppError('VALIDATION_FAILED', {
        message: `name is 1 to ${CHANNEL_NAME_MAX} characters.`,
        param: 'name',
      });
    }
    const description = params.description?.trim() || null;
    if (description && [...description].length > CHANNEL_DESCRIPTION_MAX) {
      throw new AppError('VALIDATION_FAILED', {
        message: `description is up to ${CHANNEL_DESCRIPTION_MAX} characters.`,
        param: 'description',
      });
    }
    const info = await callEngineOf(this.#control, sessionId, 'createChannel', 'create channels', (s) =>
      s.createChannel?.(name, description),
    );
    return this.#learn(sessionId, info, 'owner');
  }

  async follow(principal: Principal, sessionId: string, channel: string, follow: boolean): Promise<Channel> {
    authorize(principal, 'messages:send');
    await sessionOf(this.storage, principal, sessionId);
    const ref = refOf(channel);
    const info = await callEngineOf(this.#control, sessionId, 'channelInfo', 'read channels', (s) =>
      s.channelInfo?.(ref),
    );
    if (info.role !== 'owner') {
      await callEngineOf(
        this.#control,
        sessionId,
        follow ? 'followChannel' : 'unfollowChannel',
        'follow channels',
        (s) => (follow ? s.followChannel?.(info.id) : s.unfollowChannel?.(info.id)),
      );
    }
    return this.#learn(sessionId, info, info.role === 'owner' ? 'owner' : follow ? 'follower' : 'guest');
  }

  async #learn(sessionId: string, info: ChannelInfo, role: Channel['role'] | undefined): Promise<Channel> {
    return this.storage.transaction(async (tx) => {
      const before = await tx.channels.get(sessionId, info.id);
      const channel: Channel = {
        ...info,
        role: role ?? info.role,
        sessionId,
        updatedAt: Date.now(),
      };
      if (before || channel.role !== 'guest') await tx.channels.put(channel);
      return channel;
    });
  }
}

/** A channel id, or an invite code or link. */
function refOf(value: string): { id: string } | { invite: string } {
  const v = value.trim();
  if (CHANNEL_ID.test(v)) return { id: v };
  const code = v.startsWith(CHANNEL_INVITE_URL) ? v.slice(CHANNEL_INVITE_URL.length) : v;
  if (INVITE_CODE.test(code)) return { invite: code };
  throw new AppError('VALIDATION_FAILED', {
    message: `"${value}" is neither a channel id (digits@newsletter) nor a ${CHANNEL_INVITE_URL}… link or code.`,
    param: 'channel',
  });
}
