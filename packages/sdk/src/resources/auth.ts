import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  AuthResult,
  ChangePasswordParams,
  ConfirmPasswordResetParams,
  LoginParams,
  LoginSession,
  LoginTokens,
  RegisterParams,
} from '../types-accounts.js';

/**
 * `wagw.auth`: accounts and login sessions. `register`, `login`, `refresh` and the password reset
 * calls need no key (a client made with only `baseUrl` can call them); the others need a login
 * access token (`wagw_at_…`) as the client's `apiKey`.
 *
 * @example
 * const anonymous = new Wagw({ baseUrl: 'http://localhost:3000' });
 * const { tokens } = await anonymous.auth.login({ email: 'ada@example.com', password: '…' });
 * const wagw = new Wagw({ baseUrl: 'http://localhost:3000', apiKey: tokens.access_token });
 */
export class Auth extends APIResource {
  /** A new user with a new tenant they administer, logged in. The tokens are shown only once. */
  register(params: RegisterParams, options?: RequestOptions): Promise<AuthResult> {
    return this.transport.request({ method: 'POST', path: 'v1/auth/register', body: params }, options);
  }

  /** Email and password (and optionally `tenant_id`) to a login session; INVALID_CREDENTIALS when wrong. */
  login(params: LoginParams, options?: RequestOptions): Promise<AuthResult> {
    return this.transport.request({ method: 'POST', path: 'v1/auth/login', body: params }, options);
  }

  /**
   * A new access and refresh token for a refresh token, which works once: presenting it again
   * revokes the whole login session.
   */
  async refresh(refreshToken: string, options?: RequestOptions): Promise<LoginTokens> {
    const res = await this.transport.request<{ tokens: LoginTokens }>(
      { method: 'POST', path: 'v1/auth/refresh', body: { refresh_token: refreshToken } },
      options,
    );
    return res.tokens;
  }

  /** Ends the login session of this client's access token. */
  async logout(options?: RequestOptions): Promise<void> {
    await this.transport.request({ method: 'POST', path: 'v1/auth/logout', body: {} }, options);
  }

  /** Your login sessions that can still be used; `current` marks this client's. */
  async sessions(options?: RequestOptions): Promise<LoginSession[]> {
    const res = await this.transport.request<{ data: LoginSession[] }>(
      { method: 'GET', path: 'v1/auth/sessions' },
      options,
    );
    return res.data;
  }

  /** Revokes one of your login sessions (logs out that device). */
  revokeSession(id: string, options?: RequestOptions): Promise<LoginSession> {
    return this.transport.request({ method: 'DELETE', path: path`v1/auth/sessions/${id}` }, options);
  }

  /** Changes your password; your other login sessions are revoked. */
  async changePassword(params: ChangePasswordParams, options?: RequestOptions): Promise<void> {
    await this.transport.request({ method: 'POST', path: 'v1/auth/password', body: params }, options);
  }

  /** Mails a reset link if the email has an account (the answer is the same either way). */
  async requestPasswordReset(email: string, options?: RequestOptions): Promise<void> {
    await this.transport.request(
      { method: 'POST', path: 'v1/auth/password-reset', body: { email } },
      options,
    );
  }

  /** Sets a new password with the token of a reset link; every login session is revoked. */
  async confirmPasswordReset(params: ConfirmPasswordResetParams, options?: RequestOptions): Promise<void> {
    await this.transport.request(
      { method: 'POST', path: 'v1/auth/password-reset/confirm', body: params },
      options,
    );
  }
}
