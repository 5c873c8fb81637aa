import type { Invoice } from '@wagw/sdk';
import type { Column } from '../../output.js';

/** `12.34 EUR` from minor units. */
export function money(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency.toUpperCase()}`;
}

export const INVOICE_COLUMNS: readonly Column<Invoice>[] = [
  { header: 'ID', value: (i) => i.id },
  { header: 'NUMBER', value: (i) => i.number },
  { header: 'PERIOD', value: (i) => `${i.period_start.slice(0, 10)}..${i.period_end.slice(0, 10)}` },
  { header: 'TOTAL', value: (i) => money(i.total_cents, i.currency) },
  { header: 'STATUS', value: (i) => i.status },
];

export const INVOICE_STATUSES = ['open', 'paid', 'void'] as const;
