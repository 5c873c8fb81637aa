/**
 * Public types of usage, invoices and analytics: aliases of `generated/openapi.ts`, like `types.ts`.
 */
import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;
type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Usage = Schemas['Usage'];
export type Invoice = Schemas['Invoice'];
export type InvoiceLine = Schemas['InvoiceLine'];
export type InvoiceStatus = Invoice['status'];
export type AnalyticsOverview = Schemas['AnalyticsOverview'];
export type AnalyticsDelivery = Schemas['AnalyticsDelivery'];
export type AnalyticsFailures = Schemas['AnalyticsFailures'];
export type AnalyticsDaily = Schemas['AnalyticsDaily'];

export type UsageParams = Query<operations['getUsage']>;
export type AdminUsageListParams = Query<operations['listAdminUsage']>;
export type InvoiceListParams = Query<operations['listInvoices']>;
export type AdminInvoiceListParams = Query<operations['listAdminInvoices']>;
export type InvoicePayParams = JsonBody<operations['payInvoice']>;
export type AnalyticsParams = Query<operations['getAnalyticsOverview']>;
