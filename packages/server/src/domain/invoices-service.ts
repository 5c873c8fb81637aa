import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { AuditLog } from './audit-log.js';
import { authorize, type Principal } from './authorization.js';
import { type ClosedPeriod, monthOf } from './billing-period.js';
import {
  type Invoice,
  type InvoiceLine,
  type InvoiceStatus,
  invoiceDisplayNumber,
  type PlanPricing,
} from './billing-types.js';
import type { PaymentProvider } from './payment-provider.js';
import type { Page, PageParams } from './types.js';

const monthLabel = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/**
 * The lines of a period's invoice: the plan's price (pro rata by time when the period is shorter
 * than its calendar month) and the overage of billable outbound messages over the plan's quota.
 */
export function invoiceLines(plan: PlanPricing, period: ClosedPeriod, outbound: number): InvoiceLine[] {
  const month = monthOf(period.periodStart);
  const length = period.periodEnd - period.periodStart;
  const full = month.end - month.start;
  const fraction = Math.min(1, Math.max(0, length / full));
  const planCents = Math.round(plan.priceCents * fraction);
  const lines: InvoiceLine[] = [
    {
      kind: 'plan',
      description:
        fraction < 1
          ? `${plan.name} plan, ${monthLabel(period.periodStart)} (pro rata, ${(fraction * 100).toFixed(1)}% of the month)`
          : `${plan.name} plan, ${monthLabel(period.periodStart)}`,
      quantity: 1,
      unitCents: planCents,
      amountCents: planCents,
    },
  ];
  if (plan.monthlyMessages !== null && plan.overageCentsPerMessage !== null) {
    const over = Math.max(0, outbound - plan.monthlyMessages);
    if (over > 0) {
      lines.push({
        kind: 'overage',
        description: `Messages over the ${plan.monthlyMessages} included (${outbound} sent)`,
        quantity: over,
        unitCents: plan.overageCentsPerMessage,
        amountCents: over * plan.overageCentsPerMessage,
      });
    }
  }
  return lines;
}

export interface InvoiceListParams extends PageParams {
  status?: InvoiceStatus | undefined;
  tenantId?: string | undefined;
}

/** Invoices: made from closed subscription periods, read by tenants, paid or voided by the admin. */
export class InvoicesService {
  constructor(
    private readonly storage: Storage,
    private readonly audit: AuditLog,
    private readonly payments: PaymentProvider,
  ) {}

  /**
   * Makes the invoice of a closed period inside `tx` (the subscription rollover's transaction).
   * Idempotent: one invoice per tenant and period start; a second call returns the first. A
   * zero-total invoice is paid at once.
   */
  async generateFor(tx: Storage, period: ClosedPeriod): Promise<Invoice> {
    // Taking the number lock first serialises generators, so the check below sees a competitor's
    // committed invoice and no number is taken for an invoice that already exists.
    await tx.invoices.lockNumbers();
    const existing = await tx.invoices.forPeriod(period.tenantId, period.periodStart);
    if (existing) return existing;
    const plan = await tx.invoices.plan(period.planId);
    if (!plan) throw new AppError('PLAN_NOT_FOUND', { details: { plan_id: period.planId } });
    const outbound = await tx.usage.billableOutbound(period.tenantId, period.periodStart, period.periodEnd);
    const lines = invoiceLines(plan, period, outbound);
    const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
    const now = Date.now();
    const invoice: Invoice = {
      id: newId('inv'),
      tenantId: period.tenantId,
      number: await tx.invoices.nextNumber(),
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
      planId: plan.id,
      currency: plan.currency,
      subtotalCents: total,
      totalCents: total,
      status: total === 0 ? 'paid' : 'open',
      issuedAt: now,
      paidAt: total === 0 ? now : null,
      voidedAt: null,
      paymentProvider: null,
      paymentReference: null,
      lines,
    };
    await tx.invoices.insert(invoice);
    await this.audit.record(tx, null, {
      action: 'invoice.issued',
      tenantId: invoice.tenantId,
      target: { type: 'invoice', id: invoice.id },
      details: { number: invoiceDisplayNumber(invoice.number), total_cents: total, currency: plan.currency },
    });
    return invoice;
  }

  /** The caller's tenant's invoices, newest first. */
  async list(principal: Principal, params: InvoiceListParams): Promise<Page<Invoice>> {
    authorize(principal, 'billing:read');
    return this.#page({ ...params, tenantId: principal.tenant.id });
  }

  /** Every tenant's invoices (the platform admin), optionally one tenant's. */
  async listAll(principal: Principal, params: InvoiceListParams): Promise<Page<Invoice>> {
    authorize(principal, 'platform:manage');
    return this.#page(params);
  }

  async get(principal: Principal, id: string): Promise<Invoice> {
    authorize(principal, 'billing:read');
    const invoice = await this.storage.invoices.get(principal.platformAdmin ? null : principal.tenant.id, id);
    if (!invoice) throw new AppError('INVOICE_NOT_FOUND');
    return invoice;
  }

  /** An invoice with the name of the tenant it bills, for the HTML and PDF renderings. */
  async document(principal: Principal, id: string): Promise<{ invoice: Invoice; tenantName: string }> {
    const invoice = await this.get(principal, id);
    const tenant = await this.storage.tenants.get(invoice.tenantId);
    return { invoice, tenantName: tenant?.name ?? invoice.tenantId };
  }

  /** Records a payment through the payment provider; only an open invoice can be paid. */
  async pay(principal: Principal, id: string, input: { reference?: string | undefined }): Promise<Invoice> {
    authorize(principal, 'platform:manage');
    const invoice = await this.#adminGet(id);
    if (invoice.status !== 'open') throw this.#conflict(invoice, 'paid');
    const payment = await this.payments.pay(invoice, input);
    return this.storage.transaction(async (tx) => {
      const changed = await tx.invoices.setStatus(id, 'open', {
        status: 'paid',
        paidAt: payment.paidAt,
        paymentProvider: this.payments.name,
        paymentReference: payment.reference,
      });
      if (!changed) throw this.#conflict((await tx.invoices.get(null, id)) ?? invoice, 'paid');
      await this.audit.record(tx, principal, {
        action: 'invoice.paid',
        tenantId: invoice.tenantId,
        target: { type: 'invoice', id },
        details: {
          provider: this.payments.name,
          reference: payment.reference,
          total_cents: invoice.totalCents,
        },
      });
      return (await tx.invoices.get(null, id)) as Invoice;
    });
  }

  /** Voids an open invoice (a paid one cannot be voided: INVOICE_STATE_CONFLICT). */
  async void(principal: Principal, id: string): Promise<Invoice> {
    authorize(principal, 'platform:manage');
    const invoice = await this.#adminGet(id);
    return this.storage.transaction(async (tx) => {
      const changed = await tx.invoices.setStatus(id, 'open', { status: 'void', voidedAt: Date.now() });
      if (!changed) throw this.#conflict((await tx.invoices.get(null, id)) ?? invoice, 'voided');
      await this.audit.record(tx, principal, {
        action: 'invoice.voided',
        tenantId: invoice.tenantId,
        target: { type: 'invoice', id },
        details: { number: invoiceDisplayNumber(invoice.number) },
      });
      return (await tx.invoices.get(null, id)) as Invoice;
    });
  }

  async #adminGet(id: string): Promise<Invoice> {
    const invoice = await this.storage.invoices.get(null, id);
    if (!invoice) throw new AppError('INVOICE_NOT_FOUND');
    return invoice;
  }

  #conflict(invoice: Invoice, wanted: string): AppError {
    return new AppError('INVOICE_STATE_CONFLICT', {
      message: `The invoice is ${invoice.status}; only an open invoice can be ${wanted}.`,
      details: { status: invoice.status },
    });
  }

  async #page(params: InvoiceListParams): Promise<Page<Invoice>> {
    const rows = await this.storage.invoices.list({
      tenantId: params.tenantId,
      status: params.status,
      startingAfter: params.startingAfter,
      limit: params.limit + 1,
    });
    return { data: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }
}
