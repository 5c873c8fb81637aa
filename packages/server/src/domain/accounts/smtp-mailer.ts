import type { Transporter } from 'nodemailer';
import type { Mail, Mailer } from './mailer.js';

/**
 * Mail through an SMTP server (`smtp://user:pass@host:587`, `smtps://…`), by nodemailer, loaded on
 * the first mail so that starting the server does not pay for it.
 */
export class SmtpMailer implements Mailer {
  #transport: Promise<Transporter> | undefined;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
  ) {}

  async send(mail: Mail): Promise<void> {
    this.#transport ??= import('nodemailer').then((m) => m.createTransport(this.smtpUrl));
    const transport = await this.#transport;
    await transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.#transport?.then((t) => t.close()).catch(() => undefined);
  }
}
