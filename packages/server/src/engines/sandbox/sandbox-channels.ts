import { createHash, randomBytes } from 'node:crypto';
import type { ChannelInfo } from '../../domain/channel-types.js';
import { type EngineContext, EngineError } from '../engine.js';

const OWNED = 'channels';
const FOLLOWED = 'channel-follows';

/**
 * The sandbox's channels: every `digits@newsletter` id exists (named after its digits) except those
 * ending in 0003, and so does every invite code; the channels the sandbox account creates are its
 * own, kept in the engine state with what it follows.
 */
export class SandboxChannels {
  constructor(private readonly ctx: EngineContext) {}

  async info(ref: { id: string } | { invite: string }): Promise<ChannelInfo> {
    const id = 'id' in ref ? ref.id : idOfInvite(ref.invite);
    if (id.split('@')[0]?.endsWith('0003'))
      throw new EngineError('CHANNEL_NOT_FOUND', `No channel ${id}.`, false);
    const { [id]: owned } = await this.ctx.state.get<ChannelInfo>(OWNED, [id]);
    if (owned) return owned;
    const { [id]: followed } = await this.ctx.state.get<true>(FOLLOWED, [id]);
    const digits = id.split('@')[0] ?? '';
    return {
      id,
      name: `Sandbox channel ${digits.slice(-4)}`,
      description: null,
      inviteCode: 'invite' in ref ? ref.invite : `sbx${digits.slice(-12)}`,
      subscribers: Number(digits.slice(-3)),
      role: followed ? 'follower' : 'guest',
      verified: false,
      createdAt: null,
    };
  }

  async create(name: string, description: string | null): Promise<ChannelInfo> {
    const id = `1203632${BigInt(`0x${randomBytes(6).toString('hex')}`)
      .toString()
      .padStart(15, '0')
      .slice(0, 11)}@newsletter`;
    const channel: ChannelInfo = {
      id,
      name,
      description,
      inviteCode: randomBytes(9).toString('base64url'),
      subscribers: 0,
      role: 'owner',
      verified: false,
      createdAt: Date.now(),
    };
    await this.ctx.state.set({ [OWNED]: { [id]: channel } });
    return channel;
  }

  async follow(id: string, follow: boolean): Promise<void> {
    await this.info({ id });
    await this.ctx.state.set({ [FOLLOWED]: { [id]: follow ? true : null } });
  }
}

/** An invite code names a channel by a hash of the code (the same code, the same channel). */
function idOfInvite(code: string): string {
  const n = BigInt(`0x${createHash('sha256').update(code).digest('hex').slice(0, 12)}`);
  const digits = n.toString().padStart(15, '0').slice(0, 11);
  return `1203632${digits.endsWith('0003') ? `${digits.slice(0, -1)}4` : digits}@newsletter`;
}
