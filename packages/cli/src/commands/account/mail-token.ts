import { UsageError } from '../../errors.js';

/** A token from a mailed link, and the server it came from when a whole link was given. */
export interface MailToken {
  token: string;
  url?: string;
}

/**
 * Reads what the user pasted from a mail: the token alone, or the whole link
 * (`https://wagw.example.com/accept-invite?token=…`), whose origin is then the server's URL.
 */
export function parseMailToken(value: string, path: string): MailToken {
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) {
    if (trimmed === '') throw new UsageError('the token is empty');
    return { token: trimmed };
  }
  const link = new URL(trimmed);
  const token = link.searchParams.get('token');
  if (!token) throw new UsageError(`the link has no token: paste the whole ${path} link from the mail`);
  const base = link.pathname.endsWith(`/${path}`) ? link.pathname.slice(0, -(path.length + 1)) : '';
  return { token, url: `${link.origin}${base}` };
}
