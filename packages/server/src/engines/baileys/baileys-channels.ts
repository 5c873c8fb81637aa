import type { WASocket } from '@whiskeysockets/baileys';
import type { ChannelInfo } from '../../domain/channel-types.js';
import { EngineError } from '../engine.js';
import { jidToPhone } from './mapping.js';

type Metadata = NonNullable<Awaited<ReturnType<WASocket['newsletterMetadata']>>>;

/** Baileys' newsletter metadata as a channel; `owner` when this account (`me`, E.164) owns it. */
export function channelInfo(meta: Metadata, me: string | undefined): ChannelInfo {
  const owner = jidToPhone(meta.owner);
  return {
    id: meta.id,
    name: meta.name ?? meta.thread_metadata?.name ?? '',
    description: meta.description || meta.thread_metadata?.description || null,
    inviteCode: meta.invite ?? null,
    subscribers: typeof meta.subscribers === 'number' ? meta.subscribers : null,
    role: owner !== undefined && owner === me ? 'owner' : 'guest',
    verified: meta.verification === 'VERIFIED',
    createdAt: meta.creation_time ? meta.creation_time * 1000 : null,
  };
}

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
          if (/not.?found|404|item-not-found/i.test(String(error))) return null;
          throw error;
        });
      if (!meta) throw new EngineError('CHANNEL_NOT_FOUND', 'WhatsApp knows no such channel.', false);
      return channelInfo(meta, this.me());
    });
  }

  create(name: string, description: string | null): Promise<ChannelInfo> {
    return this.run(async (sock) => ({
      ...channelInfo(await sock.newsletterCreate(name, description ?? undefined), this.me()),
      role: 'owner' as const,
    }));
  }

  async follow(id: string, follow: boolean): Promise<void> {
    await this.run((sock) => (follow ? sock.newsletterFollow(id) : sock.newsletterUnfollow(id)));
  }
}
