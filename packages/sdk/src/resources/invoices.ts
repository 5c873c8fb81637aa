import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  AdminInvoiceListParams,
  Invoice,
  InvoiceListParams,
  InvoicePayParams,
} from '../types-billing.js';

/** `wagw.invoices`: the tenant's invoices (and, for the platform admin, everyone's). */
export class Invoices extends APIResource {
  /** The caller's tenant's invoices, newest first. */
  list(params?: InvoiceListParams, options?: RequestOptions): PagePromise<Invoice> {
    return this.paginate('v1/invoices', params, options);
  }

  get(id: string, options?: RequestOptions): Promise<Invoice> {
    return this.transport.request({ method: 'GET', path: path`v1/invoices/${id}` }, options);
  }

  /** The invoice as a self-contained HTML page. */
  async html(id: string, options?: RequestOptions): Promise<string> {
    const bytes = await this.transport.request<Uint8Array>(
      { method: 'GET', path: path`v1/invoices/${id}/html`, responseType: 'bytes' },
      options,
    );
    return new TextDecoder().decode(bytes);
  }

  /**
   * The invoice as PDF bytes.
   *
   * @example
   * await writeFile('invoice.pdf', await wagw.invoices.pdf('inv_…'));
   */
  pdf(id: string, options?: RequestOptions): Promise<Uint8Array> {
    return this.transport.request(
      { method: 'GET', path: path`v1/invoices/${id}/pdf`, responseType: 'bytes' },
      options,
    );
  }

  /** Every tenant's invoices (platform admin), newest first; filter by `tenant_id` and `status`. */
  listAll(params?: AdminInvoiceListParams, options?: RequestOptions): PagePromise<Invoice> {
    return this.paginate('v1/admin/invoices', params, options);
  }

  /** Marks an open invoice paid through the server's payment provider (platform admin). */
  pay(id: string, params: InvoicePayParams = {}, options?: RequestOptions): Promise<Invoice> {
    return this.transport.request(
      { method: 'POST', path: path`v1/admin/invoices/${id}/pay`, body: params },
      options,
    );
  }

  /** Voids an open invoice (platform admin); a paid one answers INVOICE_STATE_CONFLICT. */
  void(id: string, options?: RequestOptions): Promise<Invoice> {
    return this.transport.request({ method: 'POST', path: path`v1/admin/invoices/${id}/void` }, options);
  }
}
