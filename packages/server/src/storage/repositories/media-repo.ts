import type { Selectable } from 'kysely';
import type { Media } from '../../domain/media-types.js';
import type { Db, MediaTable } from '../database.js';

const toMedia = (r: Selectable<MediaTable>): Media => ({
  id: r.id,
  tenantId: r.tenant_id,
  mode: r.mode,
  source: r.source,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  filename: r.filename,
  storageKey: r.storage_key,
  createdAt: Number(r.created_at),
});

/** What each media file is (its bytes are in the media store). */
export class MediaRepo {
  constructor(private readonly db: Db) {}

  async insert(m: Media): Promise<void> {
    await this.db
      .insertInto('media')
      .values({
        id: m.id,
        tenant_id: m.tenantId,
        mode: m.mode,
        source: m.source,
        content_type: m.contentType,
        size: m.size,
        sha256: m.sha256,
        filename: m.filename,
        storage_key: m.storageKey,
        created_at: m.createdAt,
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<Media | undefined> {
    const row = await this.db
      .selectFrom('media')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toMedia(row);
  }

  /** True when a row was deleted. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('media')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
