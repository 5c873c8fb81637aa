import { type Invoice, invoiceDisplayNumber } from './billing-types.js';
import { formatDate, formatMoney, formatPeriod } from './invoice-format.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained HTML page of the invoice (inline styles, no external resources). */
export function renderInvoiceHtml(invoice: Invoice, tenantName: string): string {
  const money = (c: number) => escapeHtml(formatMoney(c, invoice.currency));
  const number = invoiceDisplayNumber(invoice.number);
  const rows = invoice.lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.description)}</td><td class="n">${l.quantity}</td><td class="n">${money(l.unitCents)}</td><td class="n">${money(l.amountCents)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Invoice ${number}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; }
.n { text-align: right; }
.total td { font-weight: bold; border-bottom: none; }
</style>
</head>
<body>
<h1>Invoice ${number}</h1>
<p>Billed to: ${escapeHtml(tenantName)} (${escapeHtml(invoice.tenantId)})<br>
Period: ${formatPeriod(invoice)}<br>
Issued: ${formatDate(invoice.issuedAt)}<br>
Status: ${invoice.status}${invoice.paidAt !== null ? ` (paid ${formatDate(invoice.paidAt)})` : ''}</p>
<table>
<thead><tr><th>Description</th><th class="n">Quantity</th><th class="n">Unit price</th><th class="n">Amount</th></tr></thead>
<tbody>
${rows}
<tr class="total"><td colspan="3">Total</td><td class="n">${money(invoice.totalCents)}</td></tr>
</tbody>
</table>
</body>
</html>
`;
}
