import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Channel, ChannelCreateParams, ChannelListParams } from '../types-channels.js';

/**
 * `wagw.channels`: WhatsApp channels (newsletters) of a session. A channel is named by its id
 * (`…@newsletter`), or by its invite code or link. Post to an owned channel with
 * `wagw.messages.send(sessionId, { to: channel.id, type: 'text', text })`.
 */
export class Channels extends APIResource {
  /** The channels the session follows or owns. */
  list(sessionId: string, params?: ChannelListParams, options?: RequestOptions): PagePromise<Channel> {
    return this.paginate(path`v1/sessions/${sessionId}/channels`, params, options);
  }

  /** Asks WhatsApp; rejects with `CHANNEL_NOT_FOUND` (404) when there is no such channel. */
  get(sessionId: string, channel: string, options?: RequestOptions): Promise<Channel> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${sessionId}/channels/${channel}` },
      options,
    );
  }

  /**
   * @example
   * const channel = await wagw.channels.create(sessionId, { name: 'Release notes' });
   */
  create(sessionId: string, params: ChannelCreateParams, options?: RequestOptions): Promise<Channel> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/channels`, body: params },
      options,
    );
  }

  follow(sessionId: string, channel: string, options?: RequestOptions): Promise<Channel> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/channels/${channel}/follow`, body: {} },
      options,
    );
  }

  unfollow(sessionId: string, channel: string, options?: RequestOptions): Promise<Channel> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/channels/${channel}/unfollow`, body: {} },
      options,
    );
  }
}
