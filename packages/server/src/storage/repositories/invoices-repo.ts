import { sql } from 'kysely';
import type { Invoice, InvoiceLine, InvoiceStatus, PlanPricing } from '../../domain/billing-types.js';
import type { Db, DialectName, InvoicesTable } from '../database.js';

const COUNTER_KEY = 'invoice_number';

const toInvoice = (r: InvoicesTable, lines: InvoiceLine[]): Invoice => ({
  id: r.id,
  tenantId: r.tenant_id,
  number: Number(r.number),
  periodStart: r.period_start,
  periodEnd: r.period_end,
  planId: r.plan_id,
  currency: r.currency,
  subtotalCents: Number(r.subtotal_cents),
  totalCents: Number(r.total_cents),
  status: r.status,
  issuedAt: r.issued_at,
  paidAt: r.paid_at,
  voidedAt: r.voided_at,
  paymentProvider: r.payment_provider,
  paymentReference: r.payment_reference,
  lines,
});

export interface InvoiceQuery {
  tenantId?: string | undefined;
  status?: InvoiceStatus | undefined;
  /** Invoices older (lower number) than this id: newest first. */
  startingAfter?: string | undefined;
  limit: number;
}

export interface InvoiceStatusPatch {
  status: InvoiceStatus;
  paidAt?: number;
  voidedAt?: number;
  paymentProvider?: string;
  paymentReference?: string;
}

/** Invoices, their lines, their number sequence, and the plan prices they are made from. */
export class InvoicesRepo {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  async plan(id: string): Promise<PlanPricing | undefined> {
    const r = await this.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      priceCents: Number(r.price_cents),
      currency: r.currency,
      monthlyMessages: r.monthly_messages === null ? null : Number(r.monthly_messages),
      overageCentsPerMessage:
        r.overage_cents_per_message === null ? null : Number(r.overage_cents_per_message),
    };
  }

  /**
   * Takes the invoice-number counter for the rest of the transaction. On Postgres the row lock
   * makes concurrent generators wait for each other, so numbers are handed out in commit order
   * with no gaps (a rolled-back transaction gives its number back); SQLite has one writer anyway.
   */
  async lockNumbers(): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key: COUNTER_KEY, value: '0' })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    if (this.dialect === 'postgres') {
      await this.db.selectFrom('meta').select('value').where('key', '=', COUNTER_KEY).forUpdate().execute();
    }
  }

  /** The next invoice number; call `lockNumbers()` first in the same transaction. */
  async nextNumber(): Promise<number> {
    const row = await this.db
      .updateTable('meta')
      .set({ value: sql<string>`cast(cast(value as integer) + 1 as text)` })
      .where('key', '=', COUNTER_KEY)
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async insert(invoice: Invoice): Promise<void> {
    await this.db
      .insertInto('invoices')
      .values({
        id: invoice.id,
        tenant_id: invoice.tenantId,
        number: invoice.number,
        period_start: invoice.periodStart,
        period_end: invoice.periodEnd,
        plan_id: invoice.planId,
        currency: invoice.currency,
        subtotal_cents: invoice.subtotalCents,
        total_cents: invoice.totalCents,
        status: invoice.status,
        issued_at: invoice.issuedAt,
        paid_at: invoice.paidAt,
        voided_at: invoice.voidedAt,
        payment_provider: invoice.paymentProvider,
        payment_reference: invoice.paymentReference,
      })
      .execute();
    if (invoice.lines.length === 0) return;
    await this.db
      .insertInto('invoice_lines')
      .values(
        invoice.lines.map((l) => ({
          invoice_id: invoice.id,
          kind: l.kind,
          description: l.description,
          quantity: l.quantity,
          unit_cents: l.unitCents,
          amount_cents: l.amountCents,
        })),
      )
      .execute();
  }

  async forPeriod(tenantId: string, periodStart: number): Promise<Invoice | undefined> {
    const row = await this.db
      .selectFrom('invoices')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('period_start', '=', periodStart)
      .executeTakeFirst();
    return row ? (await this.withLines([row]))[0] : undefined;
  }

  /** One invoice by id; within a tenant unless `tenantId` is null (the platform admin). */
  async get(tenantId: string | null, id: string): Promise<Invoice | undefined> {
    let q = this.db.selectFrom('invoices').selectAll().where('id', '=', id);
    if (tenantId !== null) q = q.where('tenant_id', '=', tenantId);
    const row = await q.executeTakeFirst();
    return row ? (await this.withLines([row]))[0] : undefined;
  }

  /** Newest (highest number) first. */
  async list(query: InvoiceQuery): Promise<Invoice[]> {
    let q = this.db.selectFrom('invoices').selectAll().orderBy('number', 'desc').limit(query.limit);
    if (query.tenantId !== undefined) q = q.where('tenant_id', '=', query.tenantId);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.startingAfter !== undefined) {
      const after = this.db.selectFrom('invoices').select('number').where('id', '=', query.startingAfter);
      q = q.where('number', '<', after);
    }
    return this.withLines(await q.execute());
  }

  /** Sets the status when the invoice is still in `from`; false when it was not. */
  async setStatus(id: string, from: InvoiceStatus, patch: InvoiceStatusPatch): Promise<boolean> {
    const result = await this.db
      .updateTable('invoices')
      .set({
        status: patch.status,
        ...(patch.paidAt !== undefined && { paid_at: patch.paidAt }),
        ...(patch.voidedAt !== undefined && { voided_at: patch.voidedAt }),
        ...(patch.paymentProvider !== undefined && { payment_provider: patch.paymentProvider }),
        ...(patch.paymentReference !== undefined && { payment_reference: patch.paymentReference }),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async withLines(rows: InvoicesTable[]): Promise<Invoice[]> {
    if (rows.length === 0) return [];
    const lines = await this.db
      .selectFrom('invoice_lines')
      .selectAll()
      .where(
        'invoice_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('id')
      .execute();
    const byInvoice = new Map<string, InvoiceLine[]>();
    for (const l of lines) {
      const list = byInvoice.get(l.invoice_id) ?? [];
      list.push({
        kind: l.kind,
        description: l.description,
        quantity: Number(l.quantity),
        unitCents: Number(l.unit_cents),
        amountCents: Number(l.amount_cents),
      });
      byInvoice.set(l.invoice_id, list);
    }
    return rows.map((r) => toInvoice(r, byInvoice.get(r.id) ?? []));
  }
}
