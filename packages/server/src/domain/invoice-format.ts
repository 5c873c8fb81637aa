import type { Invoice } from './billing-types.js';

/** `12.34 EUR` from minor units (two decimals; the plans' currencies all have cents). */
export function formatMoney(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency.toUpperCase()}`;
}

export const formatDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period as shown on an invoice: the end is exclusive, so the last day shown is the day before. */
export function formatPeriod(invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): string {
  return `${formatDate(invoice.periodStart)} – ${formatDate(invoice.periodEnd - 1)}`;
}
