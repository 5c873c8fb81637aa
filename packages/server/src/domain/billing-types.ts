/** The plan fields an invoice is priced from (read from the `plans` table). */
export interface PlanPricing {
  id: string;
  code: string;
  name: string;
  priceCents: number;
  currency: string;
  /** Null: unlimited. */
  monthlyMessages: number | null;
  /** Null: no overage price (the quota is a hard limit). */
  overageCentsPerMessage: number | null;
}

export const INVOICE_STATUSES = ['open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceLine {
  kind: 'plan' | 'overage';
  description: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
}

export interface Invoice {
  id: string;
  tenantId: string;
  /** Sequential across the instance, from 1. */
  number: number;
  periodStart: number;
  periodEnd: number;
  planId: string | null;
  currency: string;
  subtotalCents: number;
  totalCents: number;
  status: InvoiceStatus;
  issuedAt: number;
  paidAt: number | null;
  voidedAt: number | null;
  paymentProvider: string | null;
  paymentReference: string | null;
  lines: InvoiceLine[];
}

/** `WAGW-000123`. */
export function invoiceDisplayNumber(n: number): string {
  return `WAGW-${String(n).padStart(6, '0')}`;
}
