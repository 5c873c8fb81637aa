import { createTransport, type Transporter } from 'nodemailer';
import type { Mail, Mailer } from './mailer.js';

/** Mail through an SMTP server (`smtp://user:pass@host:587`, `smtps://…`), by nodemailer. */
export class SmtpMailer implements Mailer {
  readonly #transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.#transport = createTransport(smtpUrl);
  }

  async send(mail: Mail): Promise<void> {
    await this.#transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.#transport.close();
  }
}
