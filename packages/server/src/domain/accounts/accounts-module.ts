import type { Logger } from 'pino';
import type { Storage } from '../../storage/storage.js';
import type { AuditLog } from '../audit-log.js';
import type { Authentication } from '../authentication.js';
import type { TenantsService } from '../tenants-service.js';
import { AccountsService } from './accounts-service.js';
import { LoginTokensService } from './login-tokens-service.js';
import { LogMailer, type Mailer } from './mailer.js';
import { MembersService } from './members-service.js';
import { SmtpMailer } from './smtp-mailer.js';

export interface AccountsOptions {
  /** Base URL of links in mails. */
  publicUrl: string;
  mail: { smtpUrl?: string | undefined; from: string };
  /** Replaces the configured mailer (embedders, tests). */
  mailer?: Mailer | undefined;
}

/** The accounts part of the gateway: users, logins, passwords, members, invites. */
export interface Accounts {
  service: AccountsService;
  members: MembersService;
  loginTokens: LoginTokensService;
  mailer: Mailer;
  close(): void;
}

/** Builds the accounts services and registers login tokens with `authentication`. */
export function createAccounts(
  deps: {
    storage: Storage;
    tenants: TenantsService;
    audit: AuditLog;
    authentication: Authentication;
    logger: Logger;
  },
  options: AccountsOptions,
): Accounts {
  const smtp =
    options.mailer || !options.mail.smtpUrl
      ? undefined
      : new SmtpMailer(options.mail.smtpUrl, options.mail.from);
  const mailer = options.mailer ?? smtp ?? new LogMailer(deps.logger.child({ component: 'mail' }));
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const loginTokens = new LoginTokensService(deps.storage);
  deps.authentication.register(loginTokens);
  return {
    service: new AccountsService(
      deps.storage,
      deps.tenants,
      loginTokens,
      deps.audit,
      mailer,
      publicUrl,
      (error) => deps.logger.error({ err: error }, 'a password reset mail could not be sent'),
    ),
    members: new MembersService(deps.storage, loginTokens, deps.audit, mailer, publicUrl),
    loginTokens,
    mailer,
    close: () => smtp?.close(),
  };
}
