// Standard Webhooks' asymmetric variant: Ed25519 over the same "<msg id>.<unix seconds>.<raw body>",
// sent as `v1a,<base64 signature>` in the same space-separated list as `v1`. The sender signs with a
// `whsk_` key; a receiver only ever needs the `whpk_` public key, so that is what a rule stores.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const PUBLIC_KEY_PREFIX = 'whpk_';
export const SECRET_KEY_PREFIX = 'whsk_';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// DER wrappers that turn raw Ed25519 key bytes into the SPKI / PKCS#8 forms node:crypto imports.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function base64Bytes(encoded: string): Buffer | undefined {
  return encoded.length > 0 && encoded.length % 4 !== 1 && BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
}

/** The `whpk_` public key as a KeyObject; throws a message that names the expected form. */
export function decodeEd25519PublicKey(key: string): KeyObject {
  const raw = base64Bytes(key.slice(PUBLIC_KEY_PREFIX.length));
  if (!key.startsWith(PUBLIC_KEY_PREFIX) || raw?.length !== 32) {
    throw new TypeError('invalid Standard Webhooks public key: "whpk_" must be followed by the base64 of a 32-byte Ed25519 public key');
  }
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * The `whsk_` signing key: the 32-byte seed, or the 64-byte seed + public key that libsodium-style
 * libraries (Svix among them) serialise. Only senders (the tests, a demo) need it.
 */
export function decodeEd25519SecretKey(key: string): KeyObject {
  const raw = base64Bytes(key.slice(SECRET_KEY_PREFIX.length));
  if (!key.startsWith(SECRET_KEY_PREFIX) || (raw?.length !== 32 && raw?.length !== 64)) {
    throw new TypeError('invalid Standard Webhooks signing key: "whsk_" must be followed by the base64 of a 32- or 64-byte Ed25519 key');
  }
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
}

/** The `whpk_` form of a public key, e.g. one made with generateKeyPairSync('ed25519'). */
export function encodeEd25519PublicKey(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return PUBLIC_KEY_PREFIX + der.subarray(SPKI_PREFIX.length).toString('base64');
}

/** The `whsk_` form (32-byte seed) of a private key. */
export function encodeEd25519SecretKey(privateKey: KeyObject): string {
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return SECRET_KEY_PREFIX + der.subarray(PKCS8_PREFIX.length).toString('base64');
}

function signedBytes(msgId: string, timestamp: number | string, body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${msgId}.${timestamp}.`, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

export function signStandardWebhookEd25519(secretKey: string, msgId: string, timestampSec: number, body: Buffer | string): string {
  return `v1a,${sign(null, signedBytes(msgId, Math.floor(timestampSec), body), decodeEd25519SecretKey(secretKey)).toString('base64')}`;
}

/**
 * One `v1a` signature against the public key. Ed25519 verification is done by OpenSSL, which does
 * not leak through early exits the way a byte comparison would; a malformed signature is just false.
 */
export function ed25519SignatureMatches(publicKey: KeyObject, msgId: string, timestamp: string, body: Buffer, signatureBase64: string): boolean {
  const signature = base64Bytes(signatureBase64);
  if (signature?.length !== 64) return false;
  return verify(null, signedBytes(msgId, timestamp, body), publicKey, signature);
}
