import { AppError } from '../errors/app-error.js';
import type { MessageFilter } from '../storage/repositories/messages-repo.js';
import { CHANNEL_ID } from './channel-types.js';
import { GROUP_ID } from './group-types.js';
import type { PhoneNormalizer } from './phone.js';

/** How a message list or export is narrowed (the API's query parameters). */
export interface MessageListQuery {
  direction?: 'inbound' | 'outbound' | undefined;
  type?: string | undefined;
  status?: string | undefined;
  chat?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  q?: string | undefined;
}

function instant(value: string | undefined, param: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `${param} must be an ISO 8601 date or date-time.`,
      param,
    });
  }
  return ms;
}

/** The query's words and bounds, checked: coded errors for a bad time, number or empty search. */
export function messageFilterOf(query: MessageListQuery, normalizePhone: PhoneNormalizer): MessageFilter {
  const from = instant(query.since, 'since');
  const to = instant(query.until, 'until');
  if (from !== undefined && to !== undefined && from >= to) {
    throw new AppError('VALIDATION_FAILED', { message: 'since must be before until.', param: 'since' });
  }
  let search: string[] | undefined;
  if (query.q !== undefined) {
    search = query.q.split(/[\s\p{P}]+/u).filter((w) => w !== '');
    if (search.length === 0) {
      throw new AppError('VALIDATION_FAILED', { message: 'q must have at least one word.', param: 'q' });
    }
  }
  return {
    direction: query.direction,
    type: query.type,
    status: query.status,
    chat:
      query.chat === undefined
        ? undefined
        : GROUP_ID.test(query.chat) || CHANNEL_ID.test(query.chat)
          ? query.chat
          : normalizePhone(query.chat, 'chat'),
    from,
    to,
    search,
  };
}
