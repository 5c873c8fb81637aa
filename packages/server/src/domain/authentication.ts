import { AppError } from '../errors/app-error.js';
import type { Principal } from './authorization.js';
import type { ApiKey } from './types.js';

/** A principal as authentication hands it to the HTTP layer (with the key, when a key was used). */
export type AuthenticatedPrincipal = Principal & { apiKey?: ApiKey };

export interface AuthContext {
  ip?: string | undefined;
}

/** One kind of bearer token (API keys, login sessions, …). */
export interface TokenAuthenticator {
  /** Whether the token has this authenticator's format (checked without any I/O). */
  accepts(token: string): boolean;
  authenticate(token: string, context: AuthContext): Promise<AuthenticatedPrincipal>;
}

/** Resolves a bearer token to a principal through the authenticator whose format it has. */
export class Authentication {
  readonly #authenticators: TokenAuthenticator[] = [];

  register(authenticator: TokenAuthenticator): void {
    this.#authenticators.push(authenticator);
  }

  async authenticate(token: string, context: AuthContext = {}): Promise<AuthenticatedPrincipal> {
    const authenticator = this.#authenticators.find((a) => a.accepts(token));
    if (!authenticator) {
      throw new AppError('UNAUTHENTICATED', {
        message: 'The bearer token is not an API key or login token.',
      });
    }
    const principal = await authenticator.authenticate(token, context);
    return { ...principal, ip: context.ip };
  }
}
