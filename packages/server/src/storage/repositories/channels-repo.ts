import type { Selectable } from 'kysely';
import type { Channel } from '../../domain/channel-types.js';
import type { ChannelsTable, Db } from '../database.js';

const toChannel = (r: Selectable<ChannelsTable>): Channel => ({
  sessionId: r.session_id,
  id: r.id,
  name: r.name,
  description: r.description,
  inviteCode: r.invite_code,
  subscribers: r.subscribers === null ? null : Number(r.subscribers),
  role: r.role,
  verified: Boolean(r.verified),
  createdAt: r.created_at === null ? null : Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** The channels a session follows or owns. */
export class ChannelsRepo {
  constructor(private readonly db: Db) {}

  async get(sessionId: string, id: string): Promise<Channel | undefined> {
    const row = await this.db
      .selectFrom('channels')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toChannel(row);
  }

  /** Those it follows or owns, by id after `after`. */
  async list(sessionId: string, options: { limit: number; after?: string | undefined }): Promise<Channel[]> {
    let q = this.db
      .selectFrom('channels')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('role', '!=', 'guest')
      .orderBy('id')
      .limit(options.limit);
    if (options.after !== undefined) q = q.where('id', '>', options.after);
    return (await q.execute()).map(toChannel);
  }

  async put(channel: Channel): Promise<void> {
    const row = {
      name: channel.name,
      description: channel.description,
      invite_code: channel.inviteCode,
      subscribers: channel.subscribers,
      role: channel.role,
      verified: channel.verified ? 1 : 0,
      created_at: channel.createdAt,
      updated_at: channel.updatedAt,
    } as const;
    await this.db
      .insertInto('channels')
      .values({ session_id: channel.sessionId, id: channel.id, ...row })
      .onConflict((oc) => oc.columns(['session_id', 'id']).doUpdateSet(row))
      .execute();
  }
}
