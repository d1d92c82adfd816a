// Standard Webhooks (https://www.standardwebhooks.com, also what Svix sends): HMAC-SHA256 over
// "<msg id>.<unix seconds>.<raw body>", base64, sent as a space-separated list of `v1,<sig>`; or,
// with a `whpk_` public key, Ed25519 signatures sent as `v1a,<sig>` in the same list.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { HeaderPair } from '../../contract/model';
import { decodeEd25519PublicKey, ed25519SignatureMatches, PUBLIC_KEY_PREFIX, SECRET_KEY_PREFIX } from './standard-webhooks-ed25519';

export const DEFAULT_TOLERANCE_SEC = 5 * 60;

export type VerifyFailure = 'missing header' | 'bad signature' | 'stale timestamp';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface VerifyOptions {
  toleranceSec?: number;
  /** The verifier's "now" in unix seconds; injectable so tests need no clock tricks. */
  nowSec?: number;
}

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The HMAC key is the base64 that follows `whsec_` (the prefix is optional, as in the reference
 * libraries). Throws with a message a user can act on, because a wrong secret is a settings mistake
 * that must not look like every webhook being forged.
 */
export function decodeStandardWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0 || encoded.length % 4 === 1 || !BASE64.test(encoded)) {
    throw new TypeError('Standard Webhooks secret must be "whsec_" followed by base64 (e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw)');
  }
  return Buffer.from(encoded, 'base64');
}

export type StandardWebhookKey = { kind: 'hmac'; key: Buffer } | { kind: 'ed25519'; publicKey: KeyObject };

/**
 * What a rule's secret holds: a `whpk_` public key checks `v1a` signatures, anything else is the
 * HMAC secret for `v1`. A `whsk_` key is refused by name: it is the sender's private key, and a
 * receiver has no business storing it.
 */
export function decodeStandardWebhookKey(secret: string): StandardWebhookKey {
  if (secret.startsWith(PUBLIC_KEY_PREFIX)) return { kind: 'ed25519', publicKey: decodeEd25519PublicKey(secret) };
  if (secret.startsWith(SECRET_KEY_PREFIX)) {
    throw new TypeError('a "whsk_" key is the sender\'s private signing key: give the rule its public key ("whpk_…") instead');
  }
  return { kind: 'hmac', key: decodeStandardWebhookSecret(secret) };
}

function hmac(key: Buffer, msgId: string, timestampSec: number | string, body: Buffer | string): Buffer {
  return createHmac('sha256', key)
    .update(`${msgId}.${timestampSec}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
}

export function signStandardWebhook(secret: string, msgId: string, timestampSec: number, body: Buffer | string): string {
  return `v1,${hmac(decodeStandardWebhookSecret(secret), msgId, Math.floor(timestampSec), body).toString('base64')}`;
}

/** Every value of a header, case-insensitively; repeated headers count as one space-separated list. */
function headerValue(headers: HeaderPair[] | Record<string, string>, name: string): string | undefined {
  const pairs: [string, string][] = Array.isArray(headers) ? headers : Object.entries(headers);
  const values = pairs.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
  return values.length > 0 ? values.join(' ') : undefined;
}

/** Svix sends the same scheme under `svix-*` names; a request uses one family, never a mix. */
function signatureHeaders(headers: HeaderPair[] | Record<string, string>): { id: string; timestamp: string; signature: string } | undefined {
  for (const family of ['webhook', 'svix']) {
    const id = headerValue(headers, `${family}-id`);
    const timestamp = headerValue(headers, `${family}-timestamp`);
    const signature = headerValue(headers, `${family}-signature`);
    if (id !== undefined && timestamp !== undefined && signature !== undefined) return { id, timestamp, signature };
  }
  return undefined;
}

export function verifyStandardWebhook(
  secret: string,
  headers: HeaderPair[] | Record<string, string>,
  rawBody: Buffer,
  opts: VerifyOptions = {},
): VerifyResult {
  const key = decodeStandardWebhookKey(secret);
  const found = signatureHeaders(headers);
  if (!found) return { ok: false, reason: 'missing header' };

  // A timestamp that is not an integer cannot be inside the window, so it fails the same check.
  const trimmed = found.timestamp.trim();
  const timestampSec = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  const nowSec = opts.nowSec ?? Math.floor(Date.now() / 1000);
  const toleranceSec = opts.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  if (!Number.isFinite(timestampSec) || Math.abs(nowSec - timestampSec) > toleranceSec) {
    return { ok: false, reason: 'stale timestamp' };
  }

  // Each key checks only its own version: a v1 list entry says nothing about a whpk_ key, and the
  // other way round, so a mixed list (during a move from one to the other) verifies with either.
  const expected = key.kind === 'hmac' ? hmac(key.key, found.id, trimmed, rawBody) : undefined;
  for (const entry of found.signature.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0) continue;
    const version = entry.slice(0, comma);
    const value = entry.slice(comma + 1);
    if (expected && version === 'v1') {
      const candidate = Buffer.from(value, 'base64');
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return { ok: true };
    } else if (key.kind === 'ed25519' && version === 'v1a') {
      if (ed25519SignatureMatches(key.publicKey, found.id, trimmed, rawBody, value)) return { ok: true };
    }
  }
  return { ok: false, reason: 'bad signature' };
}
