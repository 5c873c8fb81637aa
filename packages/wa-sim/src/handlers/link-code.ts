import { randomBytes } from 'node:crypto';
import {
  aesDecryptCTR,
  aesDecryptGCM,
  aesEncryptCTR,
  Curve,
  derivePairingCodeKey,
  hkdf,
  jidDecode,
} from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import type { SimContext } from '../context.js';
import {
  type BinaryNode,
  bytes,
  child,
  iqError,
  iqResult,
  node,
  nowSeconds,
  SERVER_JID,
  text,
} from '../nodes.js';
import { type Account, normalizePhone } from '../state/accounts.js';
import type { KeyPair } from '../types.js';
import { completePairing, type PairResult, pendingFor } from './pairing.js';

/**
 * A companion's request to pair by phone number (`link_code_companion_reg stage=companion_hello`),
 * waiting for the phone's user to type the 8-character code the companion shows.
 */
export interface CodePairing {
  conn: SimConnection;
  phone: string;
  /** salt (32) ‖ iv (16) ‖ AES-256-CTR(companion ephemeral public key), key PBKDF2(code, salt). */
  wrappedCompanionEphemeral: Buffer;
  /** The pairing ref the server handed out; `companion_finish` must echo it. */
  ref: Buffer;
  platform: string;
  /** Set between the phone sending `primary_hello` and the companion's `companion_finish`. */
  attempt: CodeAttempt | undefined;
}

interface CodeAttempt {
  account: Account;
  primaryEphemeral: KeyPair;
  /** What the phone decrypted with the code it was given (garbage when the code was wrong). */
  companionEphemeral: Buffer;
  resolve(advSecret: Buffer): void;
  reject(error: Error): void;
}

/** Hello, primary hello, finish: how long the phone waits for the companion's answer. */
const FINISH_TIMEOUT_MS = 15_000;
/** How long `enterPairingCode` waits for a request that is still on its way (a race with the client). */
const REQUEST_WAIT_MS = 2_000;
const WRAPPED_KEY_LENGTH = 80;
const BUNDLE_KEY_INFO = 'link_code_pairing_key_bundle_encryption_key';

const codePairingOf = (ctx: SimContext, conn: SimConnection): CodePairing | undefined => {
  for (const pairing of ctx.codePairings.values()) if (pairing.conn === conn) return pairing;
  return undefined;
};

/** Forgets the code request of a connection, failing an attempt in progress with `reason`. */
const dropCodePairing = (ctx: SimContext, conn: SimConnection, reason: string): void => {
  const pairing = codePairingOf(ctx, conn);
  if (!pairing) return;
  ctx.codePairings.delete(pairing.phone);
  pairing.attempt?.reject(new Error(reason));
  pairing.attempt = undefined;
};

/** `iq xmlns=md <link_code_companion_reg stage=companion_hello|companion_finish>` from a companion. */
export const handleLinkCodeIq = (ctx: SimContext, conn: SimConnection, iq: BinaryNode): void => {
  const reg = child(iq, 'link_code_companion_reg');
  const stage = reg?.attrs.stage;
  if (reg && stage === 'companion_hello') conn.send(companionHello(ctx, conn, iq, reg));
  else if (reg && stage === 'companion_finish') companionFinish(ctx, conn, iq, reg);
  else conn.send(iqError(iq, 400, 'bad-request'));
};

const companionHello = (
  ctx: SimContext,
  conn: SimConnection,
  iq: BinaryNode,
  reg: BinaryNode,
): BinaryNode => {
  const pending = pendingFor(ctx, conn);
  const wrapped = bytes(child(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub'));
  const serverAuthKey = bytes(child(reg, 'companion_server_auth_key_pub'));
  let phone: string;
  try {
    phone = normalizePhone(jidDecode(reg.attrs.jid)?.user ?? '');
  } catch {
    return iqError(iq, 400, 'bad-request');
  }
  if (!pending || wrapped?.length !== WRAPPED_KEY_LENGTH || !serverAuthKey?.equals(conn.clientStatic)) {
    return iqError(iq, 400, 'bad-request');
  }
  dropCodePairing(ctx, conn, 'the companion asked for a new pairing code');
  const previous = ctx.codePairings.get(phone);
  if (previous) dropCodePairing(ctx, previous.conn, 'another companion asked to pair this number');
  const ref = Buffer.from(randomBytes(16).toString('base64url'));
  ctx.codePairings.set(phone, {
    conn,
    phone,
    wrappedCompanionEphemeral: wrapped,
    ref,
    platform: text(child(reg, 'companion_platform_display')) ?? 'unknown',
    attempt: undefined,
  });
  for (const wake of ctx.codeWaiters.get(phone)?.splice(0) ?? []) wake();
  ctx.logger.info({ phone }, 'pairing code requested');
  return iqResult(iq, [node('link_code_companion_reg', {}, [node('link_code_pairing_ref', {}, ref)])]);
};

/**
 * The companion's answer to `primary_hello`: its identity key, the phone's and 32 random bytes,
 * encrypted under a key from the ephemeral DH. Only decryptable when both sides used the same code.
 */
const companionFinish = (ctx: SimContext, conn: SimConnection, iq: BinaryNode, reg: BinaryNode): void => {
  const pairing = codePairingOf(ctx, conn);
  const attempt = pairing?.attempt;
  const bundle = bytes(child(reg, 'link_code_pairing_wrapped_key_bundle'));
  const companionIdentity = bytes(child(reg, 'companion_identity_public'));
  const ref = bytes(child(reg, 'link_code_pairing_ref'));
  if (
    !pairing ||
    !attempt ||
    !bundle ||
    bundle.length < 44 + 16 ||
    !companionIdentity ||
    !ref?.equals(pairing.ref)
  ) {
    conn.send(iqError(iq, 400, 'bad-request'));
    return;
  }
  pairing.attempt = undefined;
  const ephemeralShared = Curve.sharedKey(attempt.primaryEphemeral.private, attempt.companionEphemeral);
  const key = Buffer.from(hkdf(ephemeralShared, 32, { salt: bundle.subarray(0, 32), info: BUNDLE_KEY_INFO }));
  let plain: Buffer;
  try {
    plain = aesDecryptGCM(bundle.subarray(44), key, bundle.subarray(32, 44), Buffer.alloc(0));
  } catch {
    conn.send(iqError(iq, 401, 'not-authorized'));
    attempt.reject(new Error('wrong pairing code'));
    return;
  }
  const pending = pendingFor(ctx, conn);
  const valid =
    plain.length === 96 &&
    plain.subarray(0, 32).equals(companionIdentity) &&
    plain.subarray(32, 64).equals(attempt.account.identity.public) &&
    pending?.identityKey.equals(companionIdentity) === true;
  if (!valid) {
    conn.send(iqError(iq, 400, 'bad-request'));
    attempt.reject(new Error('the companion sent a key bundle that does not match'));
    return;
  }
  const identityShared = Curve.sharedKey(attempt.account.identity.private, companionIdentity);
  const advSecret = Buffer.from(
    hkdf(Buffer.concat([ephemeralShared, identityShared, plain.subarray(64)]), 32, { info: 'adv_secret' }),
  );
  ctx.codePairings.delete(pairing.phone);
  conn.send(iqResult(iq));
  attempt.resolve(advSecret);
};

const waitForRequest = async (ctx: SimContext, phone: string): Promise<CodePairing | undefined> => {
  const existing = ctx.codePairings.get(phone);
  if (existing) return existing;
  const waiters = ctx.codeWaiters.get(phone) ?? [];
  ctx.codeWaiters.set(phone, waiters);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(wake, REQUEST_WAIT_MS);
    function wake(): void {
      clearTimeout(timer);
      const i = waiters.indexOf(wake);
      if (i >= 0) waiters.splice(i, 1);
      if (waiters.length === 0) ctx.codeWaiters.delete(phone);
      resolve();
    }
    waiters.push(wake);
  });
  return ctx.codePairings.get(phone);
};

/**
 * What the phone of `phone` does when its user types the code a companion shows after
 * `requestPairingCode(phone)`: unwraps the companion's ephemeral key with the code, sends its own
 * (`primary_hello` notification), checks the companion's key bundle, then links the device like a
 * QR scan (`pair-success`, 515). Rejects with "wrong pairing code" when the codes differ (the
 * request stays open, so the right code can still be entered).
 */
export const enterPairingCode = async (ctx: SimContext, phone: string, code: string): Promise<PairResult> => {
  const digits = normalizePhone(phone);
  const normalized = code.replace(/[\s-]/g, '').toUpperCase();
  if (normalized.length !== 8) throw new Error('a pairing code has 8 characters');
  const pairing = await waitForRequest(ctx, digits);
  if (!pairing || pairing.conn.closed) throw new Error(`no pairing code was requested for ${digits}`);
  if (pairing.attempt) throw new Error(`a code for ${digits} is already being checked`);
  const wrapped = pairing.wrappedCompanionEphemeral;
  const companionKey = await derivePairingCodeKey(normalized, wrapped.subarray(0, 32));
  const companionEphemeral = aesDecryptCTR(wrapped.subarray(48, 80), companionKey, wrapped.subarray(32, 48));
  const primaryEphemeral = Curve.generateKeyPair();
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const primaryKey = await derivePairingCodeKey(normalized, salt);
  const wrappedPrimary = Buffer.concat([salt, iv, aesEncryptCTR(primaryEphemeral.public, primaryKey, iv)]);
  // The request may have been replaced or dropped while the keys were derived.
  if (ctx.codePairings.get(digits) !== pairing || pairing.conn.closed || pairing.attempt) {
    throw new Error(`the pairing code request for ${digits} changed; enter the new code`);
  }
  const account = ctx.accounts.create(digits);
  const advSecret = new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (pairing.attempt === attempt) pairing.attempt = undefined;
      reject(new Error('the companion did not answer the pairing code'));
    }, FINISH_TIMEOUT_MS);
    const attempt: CodeAttempt = {
      account,
      primaryEphemeral,
      companionEphemeral,
      resolve: (secret) => {
        clearTimeout(timer);
        resolve(secret);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    };
    pairing.attempt = attempt;
  });
  pairing.conn.send(
    node(
      'notification',
      { from: SERVER_JID, type: 'link_code_companion_reg', id: randomId(), t: nowSeconds() },
      [
        node('link_code_companion_reg', { stage: 'primary_hello' }, [
          node('link_code_pairing_ref', {}, pairing.ref),
          node('primary_identity_pub', {}, Buffer.from(account.identity.public)),
          node('link_code_pairing_wrapped_primary_ephemeral_pub', {}, wrappedPrimary),
        ]),
      ],
    ),
  );
  const secret = await advSecret;
  const pending = pendingFor(ctx, pairing.conn);
  if (!pending || pairing.conn.closed) throw new Error('the companion went away before pairing');
  return completePairing(ctx, pending, account, secret, pairing.platform);
};

const randomId = (): string => randomBytes(8).toString('hex').toUpperCase();
