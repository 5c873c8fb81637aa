import type { Invoice } from './billing-types.js';

/** What a provider says about a payment it took or recorded. */
export interface PaymentResult {
  /** The provider's own id of the payment (a transfer reference, a charge id). */
  reference: string;
  paidAt: number;
}

/**
 * Collects an invoice's amount. The gateway ships the manual provider (the operator records a
 * payment received outside the gateway); a card or bank provider implements the same interface.
 */
export interface PaymentProvider {
  readonly name: string;
  pay(invoice: Invoice, input: { reference?: string | undefined }): Promise<PaymentResult>;
}

/** Records a payment the platform admin received by other means (bank transfer, cash, …). */
export class ManualPaymentProvider implements PaymentProvider {
  readonly name = 'manual';

  async pay(invoice: Invoice, input: { reference?: string | undefined }): Promise<PaymentResult> {
    return { reference: input.reference ?? `manual-${invoice.number}`, paidAt: Date.now() };
  }
}
