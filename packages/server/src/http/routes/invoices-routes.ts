import { Type } from '@sinclair/typebox';
import { invoiceDisplayNumber } from '../../domain/billing-types.js';
import { renderInvoiceHtml } from '../../domain/invoice-html.js';
import { renderInvoicePdf } from '../../domain/invoice-pdf.js';
import { wireBilling } from '../../domain/wire-billing.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { Invoice } from '../schemas/billing.js';
import { ErrorResponse, errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { type App, page, security } from './types.js';

const tags = ['billing'];
const Params = Type.Object({ invoice_id: Type.String({ maxLength: 100 }) });
const Status = Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('void')]);
const InvoiceListQuery = Type.Object(
  { ...ListQuery.properties, status: Type.Optional(Status) },
  { additionalProperties: false },
);
const conflict = {
  409: Type.Ref(ErrorResponse, { description: 'INVOICE_STATE_CONFLICT: the invoice is not open.' }),
};

export function invoicesRoutes(app: App, gateway: Gateway): void {
  const { invoices } = gateway;

  app.get(
    '/v1/invoices',
    {
      config: { action: 'billing:read' },
      schema: {
        operationId: 'listInvoices',
        tags,
        summary: "The tenant's invoices, newest first",
        security,
        querystring: InvoiceListQuery,
        response: { 200: ListOf(Type.Ref(Invoice)) },
      },
    },
    async (request) => {
      const result = await invoices.list(principalOf(request), {
        ...page(request.query),
        status: request.query.status,
      });
      return { data: result.data.map(wireBilling.invoice), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/invoices/:invoice_id',
    {
      config: { action: 'billing:read' },
      schema: {
        operationId: 'getInvoice',
        tags,
        summary: 'Get an invoice with its lines',
        security,
        params: Params,
        response: { 200: Type.Ref(Invoice), ...errorResponses },
      },
    },
    async (request) =>
      wireBilling.invoice(await invoices.get(principalOf(request), request.params.invoice_id)),
  );

  app.get(
    '/v1/invoices/:invoice_id/html',
    {
      config: { action: 'billing:read' },
      schema: {
        operationId: 'getInvoiceHtml',
        tags,
        summary: 'The invoice as an HTML page',
        security,
        params: Params,
        response: {
          200: {
            description: 'A self-contained HTML page.',
            content: { 'text/html': { schema: Type.String() } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { invoice, tenantName } = await invoices.document(
        principalOf(request),
        request.params.invoice_id,
      );
      return reply.type('text/html; charset=utf-8').send(renderInvoiceHtml(invoice, tenantName));
    },
  );

  app.get(
    '/v1/invoices/:invoice_id/pdf',
    {
      config: { action: 'billing:read' },
      schema: {
        operationId: 'getInvoicePdf',
        tags,
        summary: 'The invoice as a PDF',
        security,
        params: Params,
        response: {
          200: {
            description: 'A one-page PDF.',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { invoice, tenantName } = await invoices.document(
        principalOf(request),
        request.params.invoice_id,
      );
      const pdf = await renderInvoicePdf(invoice, tenantName);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${invoiceDisplayNumber(invoice.number)}.pdf"`)
          // The typed reply knows the JSON schemas only; a Buffer is sent as is, unserialised.
          .send(pdf as unknown as string)
      );
    },
  );

  app.get(
    '/v1/admin/invoices',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'listAdminInvoices',
        tags: ['admin'],
        summary: "Every tenant's invoices (platform admin), newest first",
        security,
        querystring: Type.Object(
          { ...InvoiceListQuery.properties, tenant_id: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(Invoice)) },
      },
    },
    async (request) => {
      const result = await invoices.listAll(principalOf(request), {
        ...page(request.query),
        status: request.query.status,
        tenantId: request.query.tenant_id,
      });
      return { data: result.data.map(wireBilling.invoice), has_more: result.hasMore };
    },
  );

  app.post(
    '/v1/admin/invoices/:invoice_id/pay',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'payInvoice',
        tags: ['admin'],
        summary: 'Mark an open invoice paid through the payment provider (platform admin)',
        security,
        params: Params,
        body: Type.Object(
          {
            reference: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 200,
                description: 'The payment reference (a bank transfer id, …).',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(Invoice), ...conflict, ...errorResponses },
      },
    },
    async (request) =>
      wireBilling.invoice(await invoices.pay(principalOf(request), request.params.invoice_id, request.body)),
  );

  app.post(
    '/v1/admin/invoices/:invoice_id/void',
    {
      config: { action: 'platform:manage' },
      schema: {
        operationId: 'voidInvoice',
        tags: ['admin'],
        summary: 'Void an open invoice (platform admin)',
        security,
        params: Params,
        response: { 200: Type.Ref(Invoice), ...conflict, ...errorResponses },
      },
    },
    async (request) =>
      wireBilling.invoice(await invoices.void(principalOf(request), request.params.invoice_id)),
  );
}
