import { type Invoice, invoiceDisplayNumber } from './billing-types.js';
import { formatDate, formatMoney, formatPeriod } from './invoice-format.js';

/**
 * The invoice as a one-page A4 PDF (pdfkit, its built-in Helvetica: no font files to ship). pdfkit
 * (with fontkit) is loaded on the first rendering, not at every server start.
 */
export async function renderInvoicePdf(invoice: Invoice, tenantName: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${invoiceDisplayNumber(invoice.number)}`, Producer: 'wagw' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (c: number) => formatMoney(c, invoice.currency);

  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(`Invoice ${invoiceDisplayNumber(invoice.number)}`);
  doc.moveDown();
  doc.font('Helvetica').fontSize(11);
  doc.text(`Billed to: ${tenantName} (${invoice.tenantId})`);
  doc.text(`Period: ${formatPeriod(invoice)}`);
  doc.text(`Issued: ${formatDate(invoice.issuedAt)}`);
  doc.text(
    `Status: ${invoice.status}${invoice.paidAt !== null ? ` (paid ${formatDate(invoice.paidAt)})` : ''}`,
  );
  doc.moveDown();

  const cols = [50, 300, 370, 460];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let bottom = y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    cells.forEach((cell, i) => {
      const x = cols[i]!;
      const width = (cols[i + 1] ?? 545) - x - 8;
      doc.text(cell, x, y, { width, align: i === 0 ? 'left' : 'right' });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom;
    doc.moveDown(0.5);
    doc.x = 50;
  };
  row(['Description', 'Quantity', 'Unit price', 'Amount'], true);
  for (const l of invoice.lines) {
    row([l.description, String(l.quantity), money(l.unitCents), money(l.amountCents)]);
  }
  doc.moveDown();
  row(['Total', '', '', money(invoice.totalCents)], true);
  doc.end();
  return done;
}
