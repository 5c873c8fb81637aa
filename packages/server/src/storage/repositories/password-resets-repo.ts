import type { Db } from '../database.js';

export class PasswordResetsRepo {
  constructor(private readonly db: Db) {}

  async insert(r: {
    tokenHash: string;
    userId: string;
    expiresAt: number;
    createdAt: number;
  }): Promise<void> {
    await this.db
      .insertInto('password_resets')
      .values({
        token_hash: r.tokenHash,
        user_id: r.userId,
        expires_at: r.expiresAt,
        used_at: null,
        created_at: r.createdAt,
      })
      .execute();
  }

  /**
   * Marks an unused, unexpired reset as used and returns its user; undefined when there is none
   * (unknown, used, expired). The conditional update makes the token single use under races.
   */
  async consume(tokenHash: string, now: number): Promise<string | undefined> {
    const row = await this.db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  }

  /** A reset makes every earlier unused link of the user void. */
  async voidOpen(userId: string, now: number): Promise<void> {
    await this.db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }
}
