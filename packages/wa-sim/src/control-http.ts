import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseInboundContent } from './content/parse.js';
import {
  ACTIONS,
  base64Of,
  bool,
  ControlError,
  dateOf,
  historyOf,
  num,
  phones,
  readJson,
  send,
  str,
} from './control-body.js';
import { GroupError, type ParticipantAction } from './groups/group-ops.js';
import type { PresenceType } from './presence/presence-record.js';
import type { Simulator } from './simulator.js';
import type { ContactBehaviour } from './types.js';

/** `GET /pp/<phone or group digits>/<id>.jpg`: a current profile picture's bytes, else 404. */
const servePicture = (sim: Simulator, path: string, res: ServerResponse): void => {
  const [, , owner = '', file = ''] = path.split('/');
  let picture: ReturnType<Simulator['profilePicture']>;
  try {
    picture = sim.profilePicture(decodeURIComponent(owner));
  } catch {
    picture = undefined;
  }
  if (!picture || file !== `${picture.id}.jpg`) {
    send(res, 404, { error: 'no such picture' });
    return;
  }
  res
    .writeHead(200, { 'content-type': 'image/jpeg', 'content-length': picture.data.length })
    .end(picture.data);
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
 * `POST /control/reach-out-lock {phone, until}`, `POST /control/clear-reach-out-lock {phone}`,
 * `POST /control/presence {phone, presence}`, `GET /control/presence?phone=`,
 * `POST /control/profile {phone, name?, about?, picture? (base64 | null)}`, `GET /control/profile?phone=`,
 * and `GET /pp/<phone>/<id>.jpg`, the profile picture URLs `profilePictureUrl` hands out.
 */
export const handleControlRequest = async (
  sim: Simulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const [path = '', search = ''] = (req.url ?? '').split('?');
  try {
    if (req.method === 'GET' && path === '/control/state') return send(res, 200, sim.state());
    if (req.method === 'GET' && path.startsWith('/pp/')) return servePicture(sim, path, res);
    if (req.method === 'GET' && (path === '/control/presence' || path === '/control/profile')) {
      const phone = new URLSearchParams(search).get('phone');
      if (!phone) throw new ControlError(400, 'phone is required');
      return send(res, 200, path === '/control/presence' ? sim.presenceOf(phone) : sim.profile(phone));
    }
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
      case '/control/presence':
        return send(
          res,
          200,
          sim.setPresence(str(body, 'phone') as string, str(body, 'presence') as PresenceType),
        );
      case '/control/profile': {
        const name = str(body, 'name', false);
        const about = body.about === '' ? '' : str(body, 'about', false);
        const picture = base64Of(body, 'picture');
        return send(
          res,
          200,
          sim.setProfile(str(body, 'phone') as string, {
            ...(name !== undefined && { name }),
            ...(about !== undefined && { about }),
            ...(picture !== undefined && { picture }),
          }),
        );
      }
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
