import type { SimConnection } from '../connection.js';
import type { SimContext } from '../context.js';
import { handleGroupIq } from '../groups/group-iq.js';
import { MAX_MEDIA_BYTES } from '../media/media-host.js';
import { type BinaryNode, child, iqError, iqResult, node } from '../nodes.js';
import { handleAppStateIq } from '../profiles/app-state.js';
import { handlePictureIq } from '../profiles/picture.js';
import { handleStatusIq } from '../profiles/profile.js';
import { handleBlocklistIq } from './blocklist.js';
import { handleLinkCodeIq } from './link-code.js';
import { activate } from './login.js';
import { handleEncryptIq } from './prekeys.js';
import { handleMexIq } from './reach-out.js';
import { handleUsyncIq } from './usync.js';

const PRIVACY = ['last', 'online', 'profile', 'status', 'groupadd', 'calladd', 'readreceipts'];

const removeDevice = (ctx: SimContext, conn: SimConnection): void => {
  const [phone, id] = (conn.deviceKey ?? '').split(':');
  const account = phone ? ctx.accounts.get(phone) : undefined;
  account?.devices.delete(Number(id));
};

/** Every iq a logged-in Baileys client sends on its own; anything else gets a 501 error. */
export const handleIq = async (ctx: SimContext, conn: SimConnection, iq: BinaryNode): Promise<void> => {
  if (iq.attrs.type === 'result' || iq.attrs.type === 'error') return;
  const xmlns = iq.attrs.xmlns;
  let reply: BinaryNode;
  switch (xmlns) {
    case 'w:p':
    case 'w:stats':
    case 'urn:xmpp:whatsapp:dirty':
      reply = iqResult(iq);
      break;
    case 'passive':
      conn.send(iqResult(iq));
      if (child(iq, 'active')) activate(ctx, conn);
      return;
    case 'encrypt':
      reply = await handleEncryptIq(ctx, conn, iq);
      break;
    case 'usync':
      reply = handleUsyncIq(ctx, iq, conn);
      break;
    case 'w:profile:picture':
      reply = handlePictureIq(ctx, conn, iq);
      break;
    case 'status':
      reply = handleStatusIq(ctx, conn, iq);
      break;
    case 'w:sync:app:state':
      reply = await handleAppStateIq(ctx, conn, iq);
      break;
    case 'w:g2':
      reply = handleGroupIq(ctx, conn, iq);
      break;
    case 'w:mex':
      reply = handleMexIq(ctx, conn, iq);
      break;
    case 'abt':
      reply = iqResult(iq, [node('props', { protocol: '1' })]);
      break;
    case 'blocklist':
      reply = handleBlocklistIq(ctx, conn, iq);
      break;
    case 'privacy':
      reply =
        iq.attrs.type === 'get' && child(iq, 'privacy')
          ? iqResult(iq, [
              node(
                'privacy',
                {},
                PRIVACY.map((name) => node('category', { name, value: 'all' })),
              ),
            ])
          : iqResult(iq);
      break;
    case 'w:m':
      // media_conn: where to upload media (and the auth token uploads carry).
      reply =
        ctx.media && child(iq, 'media_conn')
          ? iqResult(iq, [
              node('media_conn', { auth: ctx.media.auth, ttl: '300', auth_ttl: '21600', max_buckets: '12' }, [
                node('host', {
                  hostname: ctx.media.hostname,
                  maxContentLengthBytes: String(MAX_MEDIA_BYTES),
                }),
              ]),
            ])
          : iqError(iq, 501, 'feature-not-implemented');
      break;
    case 'md':
      if (child(iq, 'link_code_companion_reg')) {
        handleLinkCodeIq(ctx, conn, iq);
        return;
      }
      if (child(iq, 'remove-companion-device')) {
        removeDevice(ctx, conn);
        reply = iqResult(iq);
      } else {
        reply = iqError(iq, 501, 'feature-not-implemented');
      }
      break;
    default:
      ctx.logger.debug({ xmlns, type: iq.attrs.type }, 'unsupported iq');
      reply = iqError(iq, 501, 'feature-not-implemented');
  }
  conn.send(reply);
};
