import { Curve, proto } from '@whiskeysockets/baileys';
import type { KeyPair } from '../types.js';

const ONE_YEAR_S = 365 * 24 * 3600;

/**
 * Builds the `CertChain` a client checks during the handshake: an intermediate signed by the root
 * (issuerSerial 0, as Baileys requires) and a leaf for the server's static key signed by the
 * intermediate. Signed for real, so a strict verifier accepts it once the client trusts `root`.
 */
export const buildCertChain = (root: KeyPair, serverStatic: KeyPair): Uint8Array => {
  const intermediate = Curve.generateKeyPair();
  const now = Math.floor(Date.now() / 1000);
  const { Details } = proto.CertChain.NoiseCertificate;
  const intermediateDetails = Details.encode({
    serial: 1,
    issuerSerial: 0,
    key: intermediate.public,
    notBefore: now - 60,
    notAfter: now + ONE_YEAR_S,
  }).finish();
  const leafDetails = Details.encode({
    serial: 2,
    issuerSerial: 1,
    key: serverStatic.public,
    notBefore: now - 60,
    notAfter: now + ONE_YEAR_S,
  }).finish();
  return proto.CertChain.encode({
    intermediate: { details: intermediateDetails, signature: Curve.sign(root.private, intermediateDetails) },
    leaf: { details: leafDetails, signature: Curve.sign(intermediate.private, leafDetails) },
  }).finish();
};
