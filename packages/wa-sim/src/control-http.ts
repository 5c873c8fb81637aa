import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseInboundContent } from './content/parse.js';
import { GroupError, type ParticipantAction } from './groups/group-ops.js';
import type { HistoryOptions } from './history/generate.js';
import type { Simulator } from './simulator.js';
import type { ContactBehaviour } from './types.js';

/** Inbound media comes as base64 in the body. */
const MAX_BODY = 16 * 1024 * 1024;

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ControlError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {}
  throw new ControlError(400, 'body must be a JSON object');
};

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const str = (body: Record<string, unknown>, key: string, required = true): string | undefined => {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  throw new ControlError(400, `${key} is required (string)`);
};

const num = (body: Record<string, unknown>, key: string, fallback?: number): number => {
  const value = body[key] ?? fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new ControlError(400, `${key} is required (number)`);
};

/** `history` of `POST /control/accounts`: numbers only (the simulator checks the ranges). */
const historyOf = (value: unknown): HistoryOptions => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ControlError(400, 'history must be an object');
  }
  const body = value as Record<string, unknown>;
  const optional = (key: string) => (body[key] === undefined ? {} : { [key]: num(body, key) });
  return {
    contacts: num(body, 'contacts'),
    chats: num(body, 'chats'),
    messages: num(body, 'messages'),
    ...optional('seed'),
    ...optional('chunkMessages'),
    ...optional('endAgoSeconds'),
  };
};

const bool = (body: Record<string, unknown>, key: string): boolean | undefined => {
  const value = body[key];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ControlError(400, `${key} must be a boolean`);
};

const phones = (body: Record<string, unknown>, key: string): string[] => {
  const value = body[key];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.map(String);
  }
  throw new ControlError(400, `${key} is required (array of phone numbers)`);
};

const ACTIONS: readonly string[] = ['add', 'remove', 'promote', 'demote'];

/** `until` as an ISO date string or ms since epoch. */
const dateOf = (body: Record<string, unknown>, key: string): Date => {
  const value = body[key];
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new ControlError(400, `${key} is required (ISO date or ms)`);
  return date;
};

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * The HTTP control API, for driving a standalone simulator with curl:
 * `GET /control/state`, `POST /control/scan {qr, phone?}`, `POST /control/pairing-code {phone, code}`,
 * `POST /control/inbound {to, from, text | content, id?, pushName?}`,
 * `POST /control/kick {phone, code}`, `POST /control/disconnect {phone}`,
 * `POST /control/contacts {phone, behaviour?, receiptDelayMs?, sendError?, retryRequests?}`,
 * `POST /control/retry {id}`,
 * `POST /control/accounts {phone, history?: {contacts, chats, messages, seed?, chunkMessages?}}`,
 * `POST /control/fail-sends {phone, code, count}`,
 * `POST /control/groups {owner, subject, participants}`, `GET /control/groups/<id>`,
 * `GET /control/groups?phone=<phone>`, `POST /control/group-action {id, by, action, participants}`,
 * `POST /control/group-update {id, by, subject?, description?, announce?, locked?}`,
 * `POST /control/group-inbound {group, from, text, id?}`,
 * `POST /control/reach-out-lock {phone, until}`, `POST /control/clear-reach-out-lock {phone}`.
 */
export const handleControlRequest = async (
  sim: Simulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const [path = '', search = ''] = (req.url ?? '').split('?');
  try {
    if (req.method === 'GET' && path === '/control/state') return send(res, 200, sim.state());
    if (req.method === 'GET' && path === '/control/groups') {
      const phone = new URLSearchParams(search).get('phone');
      if (!phone) throw new ControlError(400, 'phone is required');
      return send(res, 200, { groups: sim.groupsOf(phone) });
    }
    if (req.method === 'GET' && path.startsWith('/control/groups/')) {
      return send(res, 200, sim.group(decodeURIComponent(path.slice('/control/groups/'.length))));
    }
    if (req.method !== 'POST') throw new ControlError(404, 'not found');
    const body = await readJson(req);
    switch (path) {
      case '/control/scan': {
        const qr = str(body, 'qr') as string;
        const phone = str(body, 'phone', false);
        return send(res, 200, await sim.scanQr(qr, phone ? { phone } : {}));
      }
      case '/control/pairing-code': {
        const phone = str(body, 'phone') as string;
        return send(res, 200, await sim.enterPairingCode(phone, str(body, 'code') as string));
      }
      case '/control/inbound': {
        const id = str(body, 'id', false);
        const pushName = str(body, 'pushName', false);
        if (body.content !== undefined && body.text !== undefined) {
          throw new ControlError(400, 'give text or content, not both');
        }
        const message =
          body.content === undefined
            ? { text: str(body, 'text') as string }
            : { content: parseInboundContent(body.content) };
        const result = sim.injectInbound({
          to: str(body, 'to') as string,
          from: str(body, 'from') as string,
          ...message,
          ...(id ? { id } : {}),
          ...(pushName ? { pushName } : {}),
        });
        return send(res, 200, result);
      }
      case '/control/kick':
        return send(res, 200, { kicked: sim.kick(str(body, 'phone') as string, num(body, 'code')) });
      case '/control/disconnect':
        return send(res, 200, { dropped: sim.disconnect(str(body, 'phone') as string) });
      case '/control/accounts': {
        const history = body.history === undefined ? undefined : historyOf(body.history);
        return send(
          res,
          200,
          sim.createAccount({ phone: str(body, 'phone') as string, ...(history && { history }) }),
        );
      }
      case '/control/contacts': {
        const behaviour = str(body, 'behaviour', false) as ContactBehaviour | undefined;
        const sendError = body.sendError === undefined ? undefined : num(body, 'sendError');
        const retryRequests = body.retryRequests === undefined ? undefined : num(body, 'retryRequests');
        return send(
          res,
          200,
          sim.addContact({
            phone: str(body, 'phone') as string,
            ...(behaviour ? { behaviour } : {}),
            receiptDelayMs: num(body, 'receiptDelayMs', 0),
            ...(sendError ? { sendError } : {}),
            ...(retryRequests ? { retryRequests } : {}),
          }),
        );
      }
      case '/control/retry':
        sim.requestRetry(str(body, 'id') as string);
        return send(res, 200, { ok: true });
      case '/control/fail-sends':
        sim.failNextSends(str(body, 'phone') as string, num(body, 'code'), num(body, 'count', 1));
        return send(res, 200, { ok: true });
      case '/control/groups':
        return send(
          res,
          200,
          sim.createGroup({
            owner: str(body, 'owner') as string,
            subject: str(body, 'subject') as string,
            participants: phones(body, 'participants'),
          }),
        );
      case '/control/group-action': {
        const action = str(body, 'action') as string;
        if (!ACTIONS.includes(action))
          throw new ControlError(400, `action must be one of ${ACTIONS.join(', ')}`);
        const results = sim.groupAction(str(body, 'id') as string, {
          by: str(body, 'by') as string,
          action: action as ParticipantAction,
          participants: phones(body, 'participants'),
        });
        return send(res, 200, { results });
      }
      case '/control/group-update': {
        const subject = str(body, 'subject', false);
        const description = body.description === '' ? '' : str(body, 'description', false);
        const announce = bool(body, 'announce');
        const locked = bool(body, 'locked');
        return send(
          res,
          200,
          sim.updateGroup(str(body, 'id') as string, {
            by: str(body, 'by') as string,
            ...(subject !== undefined && { subject }),
            ...(description !== undefined && { description }),
            ...(announce !== undefined && { announce }),
            ...(locked !== undefined && { locked }),
          }),
        );
      }
      case '/control/group-inbound': {
        const id = str(body, 'id', false);
        return send(
          res,
          200,
          sim.injectGroupInbound({
            group: str(body, 'group') as string,
            from: str(body, 'from') as string,
            text: str(body, 'text') as string,
            ...(id ? { id } : {}),
          }),
        );
      }
      case '/control/reach-out-lock':
        sim.setReachOutLock(str(body, 'phone') as string, { until: dateOf(body, 'until') });
        return send(res, 200, { ok: true });
      case '/control/clear-reach-out-lock':
        sim.clearReachOutLock(str(body, 'phone') as string);
        return send(res, 200, { ok: true });
      default:
        throw new ControlError(404, 'not found');
    }
  } catch (err) {
    if (err instanceof GroupError && err.code === 404) {
      return send(res, 404, { error: err.message });
    }
    const status = err instanceof ControlError ? err.status : 400;
    send(res, status, { error: err instanceof Error ? err.message : String(err) });
  }
};
