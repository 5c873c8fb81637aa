import type { WASocket } from '@whiskeysockets/baileys';
import type { ChannelInfo } from '../../domain/channel-types.js';
import { EngineError } from '../engine.js';
import { jidToPhone } from './mapping.js';

/**
 * What Baileys answers for a channel: `newsletterMetadata` hands on WhatsApp's raw object
 * (`thread_metadata` with `{ text }` fields, `viewer_metadata.role`), `newsletterCreate` a parsed
 * one (flat strings). Both are read.
 */
interface ChannelMeta {
  id: string;
  owner?: string | undefined;
  name?: string | undefined;
  description?: string | undefined;
  invite?: string | undefined;
  subscribers?: number | undefined;
  verification?: string | undefined;
  creation_time?: number | undefined;
  thread_metadata?: {
    name?: { text?: string } | string;
    description?: { text?: string } | string;
    invite?: string;
    subscribers_count?: string | number;
    verification?: string;
    creation_time?: string | number;
  };
  viewer_metadata?: { role?: string };
}

const text = (v: { text?: string } | string | undefined): string | undefined =>
  typeof v === 'string' ? v : v?.text;
const int = (v: string | number | undefined): number | null => {
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

const ROLES: Record<string, ChannelInfo['role']> = {
  OWNER: 'owner',
  ADMIN: 'owner',
  SUBSCRIBER: 'follower',
  GUEST: 'guest',
};

/** A channel as the engine reports it; `owner` when WhatsApp says so, or its owner is `me` (E.164). */
export function channelInfo(meta: ChannelMeta, me: string | undefined): ChannelInfo {
  const thread = meta.thread_metadata ?? {};
  const owner = jidToPhone(meta.owner);
  const viewer = meta.viewer_metadata?.role ? ROLES[meta.viewer_metadata.role.toUpperCase()] : undefined;
  const created = int(meta.creation_time ?? thread.creation_time);
  return {
    id: meta.id,
    name: meta.name ?? text(thread.name) ?? '',
    description: (meta.description ?? text(thread.description)) || null,
    inviteCode: meta.invite ?? thread.invite ?? null,
    subscribers: int(meta.subscribers ?? thread.subscribers_count),
    role: viewer ?? (owner !== undefined && owner === me ? 'owner' : 'guest'),
    verified: (meta.verification ?? thread.verification) === 'VERIFIED',
    createdAt: created ? created * 1000 : null,
  };
}

/** WhatsApp's "no such channel": a null answer, or a GraphQL error with code 404. */
const notFound = (error: unknown): boolean =>
  (error as { output?: { statusCode?: number } } | null)?.output?.statusCode === 404 ||
  /not.?found|item-not-found/i.test(String(error));

/** The channel calls, on the socket `run` gives (which also turns lost connections into errors). */
export class BaileysChannels {
  constructor(
    private readonly run: <T>(task: (sock: WASocket) => Promise<T>) => Promise<T>,
    private readonly me: () => string | undefined,
  ) {}

  info(ref: { id: string } | { invite: string }): Promise<ChannelInfo> {
    return this.run(async (sock) => {
      const meta = await sock
        .newsletterMetadata('id' in ref ? 'jid' : 'invite', 'id' in ref ? ref.id : ref.invite)
        .catch((error: unknown) => {
          if (notFound(error)) return null;
          throw error;
        });
      if (!meta) throw new EngineError('CHANNEL_NOT_FOUND', 'WhatsApp knows no such channel.', false);
      return channelInfo(meta as unknown as ChannelMeta, this.me());
    });
  }

  create(name: string, description: string | null): Promise<ChannelInfo> {
    return this.run(async (sock) => ({
      ...channelInfo(
        (await sock.newsletterCreate(name, description ?? undefined)) as unknown as ChannelMeta,
        this.me(),
      ),
      role: 'owner' as const,
    }));
  }

  async follow(id: string, follow: boolean): Promise<void> {
    await this.run((sock) => (follow ? sock.newsletterFollow(id) : sock.newsletterUnfollow(id)));
  }
}
