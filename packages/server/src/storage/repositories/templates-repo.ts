import type { Selectable } from 'kysely';
import type { Template, TemplateBody } from '../../domain/template-types.js';
import type { Mode } from '../../domain/types.js';
import { parseStoredJson } from '../corrupt-row-error.js';
import type { Db, TemplatesTable } from '../database.js';

const toTemplate = (r: Selectable<TemplatesTable>): Template => ({
  id: r.id,
  tenantId: r.tenant_id,
  mode: r.mode,
  name: r.name,
  body: parseStoredJson<TemplateBody>('templates', r.id, r.body),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export interface TemplatePatch {
  name?: string;
  body?: TemplateBody;
}

/** Message templates. Names are unique per tenant and mode (a unique index). */
export class TemplatesRepo {
  constructor(private readonly db: Db) {}

  async insert(t: Template): Promise<void> {
    await this.db
      .insertInto('templates')
      .values({
        id: t.id,
        tenant_id: t.tenantId,
        mode: t.mode,
        name: t.name,
        body: JSON.stringify(t.body),
        created_at: t.createdAt,
        updated_at: t.updatedAt,
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<Template | undefined> {
    const row = await this.db
      .selectFrom('templates')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toTemplate(row);
  }

  /** The tenant's templates of one mode, by id, after `startingAfter`. */
  async list(tenantId: string, mode: Mode, limit: number, startingAfter?: string): Promise<Template[]> {
    let q = this.db
      .selectFrom('templates')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('mode', '=', mode)
      .orderBy('id')
      .limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    return (await q.execute()).map(toTemplate);
  }

  /** True when a row was changed. */
  async update(tenantId: string, id: string, patch: TemplatePatch, at: number): Promise<boolean> {
    const res = await this.db
      .updateTable('templates')
      .set({
        updated_at: at,
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.body !== undefined && { body: JSON.stringify(patch.body) }),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** True when a row was deleted. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('templates')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
