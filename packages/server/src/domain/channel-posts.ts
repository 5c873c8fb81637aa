import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { CHANNEL_MESSAGE_TYPES } from './channel-types.js';

/**
 * A message to a channel: only a channel the session owns (CHANNEL_NOT_ADMIN; CHANNEL_NOT_FOUND
 * when the session has never seen it — read or create it first), and only what channels carry.
 */
export async function checkChannelPost(storage: Storage, sessionId: string, channelId: string, type: string) {
  if (!(CHANNEL_MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `A channel takes ${CHANNEL_MESSAGE_TYPES.join(', ')} messages, not ${type}.`,
      param: 'type',
    });
  }
  const channel = await storage.channels.get(sessionId, channelId);
  if (!channel) throw new AppError('CHANNEL_NOT_FOUND', { param: 'to' });
  if (channel.role !== 'owner') throw new AppError('CHANNEL_NOT_ADMIN', { param: 'to' });
}
