import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  PairingCode,
  PairingCodeParams,
  Qr,
  SandboxScanParams,
  Session,
  SessionCreateParams,
  SessionDeleted,
  SessionListParams,
  SessionPacing,
  SessionPacingParams,
} from '../types.js';

/** `wagw.sessions`: WhatsApp sessions (one linked phone each) and their lifecycle. */
export class Sessions extends APIResource {
  /**
   * Creates a session; it starts right away unless `start: false`.
   *
   * @example
   * const session = await wagw.sessions.create({ name: 'support' });
   */
  create(params: SessionCreateParams = {}, options?: RequestOptions): Promise<Session> {
    return this.transport.request({ method: 'POST', path: 'v1/sessions', body: params }, options);
  }

  /**
   * Lists sessions, newest first. Await it for one page, or iterate it for every session.
   *
   * @example
   * for await (const session of wagw.sessions.list()) console.log(session.id, session.status);
   */
  list(params?: SessionListParams, options?: RequestOptions): PagePromise<Session> {
    return this.paginate('v1/sessions', params, options);
  }

  get(id: string, options?: RequestOptions): Promise<Session> {
    return this.transport.request({ method: 'GET', path: path`v1/sessions/${id}` }, options);
  }

  /** How fast the session sends, and WhatsApp's hold on its new chats (docs/pacing.md). */
  pacing(id: string, options?: RequestOptions): Promise<SessionPacing> {
    return this.transport.request({ method: 'GET', path: path`v1/sessions/${id}/pacing` }, options);
  }

  /**
   * Sets the session's pace (null: unlimited), or `{ reset: true }` for the server's default.
   *
   * @example
   * await wagw.sessions.setPacing(id, { per_minute: 10, new_chats_per_hour: 5 });
   */
  setPacing(id: string, params: SessionPacingParams, options?: RequestOptions): Promise<SessionPacing> {
    return this.transport.request(
      { method: 'PATCH', path: path`v1/sessions/${id}/pacing`, body: params },
      options,
    );
  }

  /** Deletes the session and logs its device out. */
  delete(id: string, options?: RequestOptions): Promise<SessionDeleted> {
    return this.transport.request({ method: 'DELETE', path: path`v1/sessions/${id}` }, options);
  }

  start(id: string, options?: RequestOptions): Promise<Session> {
    return this.#action(id, 'start', options);
  }

  stop(id: string, options?: RequestOptions): Promise<Session> {
    return this.#action(id, 'stop', options);
  }

  restart(id: string, options?: RequestOptions): Promise<Session> {
    return this.#action(id, 'restart', options);
  }

  /** Unlinks the device; pairing again needs a new QR scan. */
  logout(id: string, options?: RequestOptions): Promise<Session> {
    return this.#action(id, 'logout', options);
  }

  /** The current pairing QR code as text; `QR_NOT_AVAILABLE` (409) outside `scan_qr`. */
  qr(id: string, options?: RequestOptions): Promise<Qr> {
    return this.transport.request({ method: 'GET', path: path`v1/sessions/${id}/qr` }, options);
  }

  /**
   * The current pairing QR code as PNG bytes.
   *
   * @example
   * await writeFile('qr.png', await wagw.sessions.qrPng(session.id));
   */
  qrPng(id: string, options?: RequestOptions): Promise<Uint8Array> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${id}/qr.png`, responseType: 'bytes' },
      options,
    );
  }

  /** Sandbox engine only: simulates a phone scanning the current QR code, pairing the session. */
  sandboxScan(id: string, params: SandboxScanParams = {}, options?: RequestOptions): Promise<Session> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${id}/sandbox/scan`, body: params },
      options,
    );
  }

  /**
   * Pairs by phone number instead of a QR scan (engines that support it, e.g. `baileys`): returns
   * the code to type into the phone. The session must be `scan_qr`.
   *
   * @example
   * const { code } = await wagw.sessions.pairingCode(session.id, { phone: '+14155550000' });
   */
  pairingCode(id: string, params: PairingCodeParams, options?: RequestOptions): Promise<PairingCode> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${id}/pairing-code`, body: params },
      options,
    );
  }

  #action(id: string, action: 'start' | 'stop' | 'restart' | 'logout', options?: RequestOptions) {
    return this.transport.request<Session>(
      { method: 'POST', path: `${path`v1/sessions/${id}`}/${action}` },
      options,
    );
  }
}
