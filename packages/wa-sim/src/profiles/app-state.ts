import { randomBytes, randomInt } from 'node:crypto';
import {
  decodeSyncdPatch,
  encodeSyncdPatch,
  type LTHashState,
  newLTHashState,
  proto,
  type WAPatchName,
} from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import { deliverToDevice, liveDevices, type SimContext, senderOf } from '../context.js';
import {
  type BinaryNode,
  bytes,
  child,
  children,
  iqError,
  iqResult,
  node,
  nowSeconds,
  SERVER_JID,
} from '../nodes.js';
import type { Account, Device } from '../state/accounts.js';
import { randomMessageId } from '../state/ids.js';
import { sendFromPhone } from './phone-message.js';

/** One app-state collection as the server keeps it: the patches in order (patch `n` has version `n`). */
interface Collection {
  /** The LTHash state after the last patch, which the phone's own next patch builds on. */
  state: LTHashState;
  patches: Uint8Array[];
}

/** An account's app state: the phone's sync key and the collections its devices share. */
export interface AppState {
  /** Base64 key id, as Baileys names keys. */
  keyId: string;
  keyData: proto.Message.IAppStateSyncKeyData;
  collections: Map<string, Collection>;
  /** The push name the last `setting_pushName` mutation holds. */
  pushName?: string;
  /** Patch writes (the phone's and the devices') and reads run one at a time. */
  chain: Promise<unknown>;
}

/** A device's copy of the key: the share message and whether the device took it (its receipt). */
export interface DeviceKeyShare {
  messageId: string;
  received: boolean;
}

class Refusal extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(text);
  }
}

const appStateOf = (account: Account): AppState => {
  account.appState ??= {
    keyId: randomBytes(6).toString('base64'),
    keyData: {
      keyData: randomBytes(32),
      fingerprint: { rawId: randomInt(1, 2 ** 31), currentIndex: 0, deviceIndexes: [0] },
      timestamp: Date.now(),
    },
    collections: new Map(),
    chain: Promise.resolve(),
  };
  return account.appState;
};

const keyLookup = (app: AppState) => async (id: string) => (id === app.keyId ? app.keyData : undefined);

const serialize = <T>(app: AppState, work: () => Promise<T>): Promise<T> => {
  const run = app.chain.then(work);
  app.chain = run.catch(() => undefined);
  return run;
};

const collectionOf = (app: AppState, name: string): Collection => {
  let collection = app.collections.get(name);
  if (!collection) {
    collection = { state: newLTHashState(), patches: [] };
    app.collections.set(name, collection);
  }
  return collection;
};

/** `<notification type=server_sync>`: Baileys answers it by fetching the collection's new patches. */
const serverSync = (name: string, version: number): BinaryNode =>
  node('notification', { from: SERVER_JID, type: 'server_sync', id: randomMessageId(), t: nowSeconds() }, [
    node('collection', { name, version: String(version) }),
  ]);

/** Tells the account's devices that hold the key (all but `except`) that a collection changed. */
const announce = (account: Account, name: string, except?: number): void => {
  const version = account.appState?.collections.get(name)?.state.version ?? 0;
  for (const device of liveDevices(account)) {
    if (device.id !== except && device.appStateKey?.received)
      deliverToDevice(device, serverSync(name, version));
  }
};

/** The phone shares its app-state key with a device, once: an `APP_STATE_SYNC_KEY_SHARE` peer message. */
const shareKey = async (account: Account, device: Device): Promise<void> => {
  if (device.appStateKey) return;
  const app = appStateOf(account);
  const messageId = randomMessageId();
  device.appStateKey = { messageId, received: false };
  await sendFromPhone(account, device, messageId, {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE,
      appStateSyncKeyShare: {
        keys: [{ keyId: { keyId: Buffer.from(app.keyId, 'base64') }, keyData: app.keyData }],
      },
    },
  });
};

/** The phone writes `name` as the `setting_pushName` mutation of `critical_block` (once per name). */
const writePushName = (account: Account, name: string): Promise<void> => {
  const app = appStateOf(account);
  return serialize(app, async () => {
    if (app.pushName === name) return;
    const collection = collectionOf(app, 'critical_block');
    const { patch, state } = await encodeSyncdPatch(
      {
        type: 'critical_block',
        index: ['setting_pushName'],
        syncAction: { pushNameSetting: { name }, timestamp: Date.now() },
        apiVersion: 1,
        operation: proto.SyncdMutation.SyncdOperation.SET,
      },
      app.keyId,
      collection.state,
      keyLookup(app),
    );
    collection.patches.push(
      proto.SyncdPatch.encode({ ...patch, version: { version: state.version } }).finish(),
    );
    collection.state = state;
    app.pushName = name;
    announce(account, 'critical_block');
  });
};

/**
 * What the phone of an account with a push name does for its devices: writes the name to app state
 * (when it changed), and shares the app-state key with every device that does not have it yet. A
 * device that took the key (`peer_msg` receipt) is told of every written collection, fetches the
 * patches and sets `creds.me.name`. Failures are logged, never thrown.
 */
export const syncPushName = async (ctx: SimContext, account: Account): Promise<void> => {
  const name = account.name;
  if (name === undefined) return;
  try {
    await writePushName(account, name);
    for (const device of liveDevices(account)) await shareKey(account, device);
  } catch (err) {
    ctx.logger.warn({ err, phone: account.phone }, 'app state sync failed');
  }
};

/** A `peer_msg` receipt: when it is a device's receipt of the key share, it learns of every collection. */
export const noteKeyShareReceipt = (ctx: SimContext, conn: SimConnection, stanza: BinaryNode): void => {
  const me = senderOf(ctx, conn);
  const device = me?.account.devices.get(me.device);
  const share = device?.appStateKey;
  if (!me || !device || !share || share.received || share.messageId !== stanza.attrs.id) return;
  share.received = true;
  for (const [name, collection] of me.account.appState?.collections ?? []) {
    if (collection.patches.length > 0) deliverToDevice(device, serverSync(name, collection.state.version));
  }
};

/** A device's patch (`chatModify`, `updateProfileName`…), checked with the key and stored as the next version. */
const acceptPatch = async (
  account: Account,
  device: number,
  name: string,
  version: number,
  content: Buffer,
): Promise<number> => {
  const app = appStateOf(account);
  const collection = collectionOf(app, name);
  if (version !== collection.state.version) throw new Refusal(409, 'conflict');
  let pushName: string | undefined;
  let encoded: Uint8Array;
  let decoded: Pick<LTHashState, 'hash' | 'indexValueMap'>;
  try {
    const patch = proto.SyncdPatch.decode(content);
    patch.version = { version: version + 1 };
    encoded = proto.SyncdPatch.encode(patch).finish();
    decoded = await decodeSyncdPatch(
      patch,
      name as WAPatchName,
      collection.state,
      keyLookup(app),
      (mutation) => {
        pushName = mutation.syncAction.value?.pushNameSetting?.name ?? pushName;
      },
      true,
    );
  } catch {
    // Not a SyncdPatch, or its MACs do not check out with the account's key.
    throw new Refusal(400, 'bad-request');
  }
  collection.state = { version: version + 1, ...decoded };
  collection.patches.push(encoded);
  if (pushName) {
    account.name = pushName;
    app.pushName = pushName;
  }
  announce(account, name, device);
  return version + 1;
};

/** The patches of a collection after `from`. */
const collectionNode = (app: AppState, name: string, from: number): BinaryNode => {
  const collection = app.collections.get(name);
  const version = collection?.state.version ?? 0;
  const patches = collection && from < version ? collection.patches.slice(from) : [];
  return node(
    'collection',
    { name, version: String(version) },
    patches.length > 0
      ? [
          node(
            'patches',
            {},
            patches.map((p) => node('patch', {}, p)),
          ),
        ]
      : undefined,
  );
};

/**
 * `iq xmlns=w:sync:app:state`: per `<collection name version>`, the patches the device lacks, or
 * with a `<patch>` (what `appPatch` sends) the device's change, taken when it builds on the current
 * version (else `409`) and its MACs check out with the account's key (else `400`). The other
 * devices get `server_sync`; a push name in it becomes the account's name. An account without app
 * state (no push name, so its devices have no key) gets `501`, as before app state existed.
 */
export const handleAppStateIq = async (
  ctx: SimContext,
  conn: SimConnection,
  iq: BinaryNode,
): Promise<BinaryNode> => {
  const me = senderOf(ctx, conn);
  if (!me) return iqError(iq, 401, 'not-authorized');
  const { account } = me;
  const app = account.appState;
  // Refused as before, so that Baileys' initial sync after a history sync fails fast and its event
  // buffer does not hold (and merge) the history sets, which drops their LID mappings.
  if (!app) return iqError(iq, 501, 'feature-not-implemented');
  const work = async (): Promise<BinaryNode> => {
    const out: BinaryNode[] = [];
    for (const collection of children(child(iq, 'sync'), 'collection')) {
      const name = collection.attrs.name ?? '';
      const version = Number(collection.attrs.version ?? 0);
      const patch = bytes(child(collection, 'patch'));
      if (patch) {
        const next = await acceptPatch(account, me.device, name, version, patch);
        out.push(node('collection', { name, version: String(next) }));
      } else {
        out.push(collectionNode(app, name, version));
      }
    }
    return iqResult(iq, [node('sync', {}, out)]);
  };
  try {
    return await serialize(app, work);
  } catch (err) {
    if (err instanceof Refusal) return iqError(iq, err.code, err.text);
    throw err;
  }
};
