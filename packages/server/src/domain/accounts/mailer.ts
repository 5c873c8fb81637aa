import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends account mail (password resets, invites). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * The default without SMTP: the mail, link included, goes to the log, so a self-hoster can copy a
 * reset link from there. Not for a hosted instance, where the log is not the user's.
 */
export class LogMailer implements Mailer {
  constructor(private readonly logger: Logger) {}

  async send(mail: Mail): Promise<void> {
    this.logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'mail (log mailer)');
  }
}
