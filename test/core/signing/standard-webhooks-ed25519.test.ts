// Standard Webhooks' asymmetric signatures (`v1a`, Ed25519) checked with a `whpk_` public key, on
// vectors made here with node:crypto key pairs (the spec publishes none).
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../src-main/contract/model';
import { parseSigningRuleInput } from '../../../src-main/core/signing/signing-rules';
import { signStandardWebhook, verifyStandardWebhook } from '../../../src-main/core/signing/standard-webhooks';
import {
  decodeEd25519PublicKey,
  decodeEd25519SecretKey,
  encodeEd25519PublicKey,
  encodeEd25519SecretKey,
  signStandardWebhookEd25519,
} from '../../../src-main/core/signing/standard-webhooks-ed25519';
import { checkSignature } from '../../../src-main/core/signing/verify-push';

function keyPair(): { whpk: string; whsk: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { whpk: encodeEd25519PublicKey(publicKey), whsk: encodeEd25519SecretKey(privateKey) };
}

const SENDER = keyPair();
const OTHER = keyPair();
const HMAC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MSG_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const TS = 1_674_087_231;
const BODY = Buffer.from('{"type":"contact.created","data":{"id":"1f81eb52-5198-4599-803e-771906343485","name":"Zoë"}}');

function headers(signature: string, ts: number | string = TS, id = MSG_ID): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature };
}

describe('Ed25519 keys', () => {
  it('round-trips whpk_ / whsk_ and signs what node:crypto signs over id.timestamp.body', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const whpk = encodeEd25519PublicKey(publicKey);
    const whsk = encodeEd25519SecretKey(privateKey);
    expect(whpk).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(decodeEd25519PublicKey(whpk).equals(publicKey)).toBe(true);
    expect(decodeEd25519SecretKey(whsk).equals(privateKey)).toBe(true);
    // Ed25519 is deterministic, so the signature made by node:crypto directly is the expected vector.
    const direct = sign(null, Buffer.concat([Buffer.from(`${MSG_ID}.${TS}.`), BODY]), privateKey).toString('base64');
    expect(signStandardWebhookEd25519(whsk, MSG_ID, TS, BODY)).toBe(`v1a,${direct}`);
  });

  it('takes the 64-byte seed + public key form of whsk_ as well', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(encodeEd25519SecretKey(privateKey).slice(5), 'base64');
    const raw = Buffer.from(encodeEd25519PublicKey(publicKey).slice(5), 'base64');
    const long = 'whsk_' + Buffer.concat([seed, raw]).toString('base64');
    const sig = signStandardWebhookEd25519(long, MSG_ID, TS, BODY);
    expect(verifyStandardWebhook(encodeEd25519PublicKey(publicKey), headers(sig), BODY, { nowSec: TS })).toEqual({ ok: true });
  });

  it('refuses malformed keys with a message naming the expected form', () => {
    expect(() => decodeEd25519PublicKey('whpk_not base64!')).toThrow(/invalid Standard Webhooks public key: "whpk_".*32-byte/);
    expect(() => decodeEd25519PublicKey('whpk_' + Buffer.alloc(31).toString('base64'))).toThrow(/32-byte/);
    expect(() => decodeEd25519PublicKey('whpk_')).toThrow(/whpk_/);
    expect(() => decodeEd25519SecretKey('whsk_' + Buffer.alloc(40).toString('base64'))).toThrow(/invalid Standard Webhooks signing key/);
  });
});

describe('verifyStandardWebhook with a whpk_ key', () => {
  const signature = signStandardWebhookEd25519(SENDER.whsk, MSG_ID, TS, BODY);

  it('accepts a valid v1a signature', () => {
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature), BODY, { nowSec: TS })).toEqual({ ok: true });
  });

  it('rejects a tampered body, a changed id and a changed (still fresh) timestamp', () => {
    const tampered = Buffer.from(BODY.toString().replace('Zoë', 'Zoe'));
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature), tampered, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature, TS, 'msg_other'), BODY, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature, TS + 1), BODY, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects a signature made with another key pair', () => {
    expect(verifyStandardWebhook(OTHER.whpk, headers(signature), BODY, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects a stale timestamp with the same window as v1, custom tolerance included', () => {
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature), BODY, { nowSec: TS + 300 })).toEqual({ ok: true });
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature), BODY, { nowSec: TS + 301 })).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature), BODY, { nowSec: TS - 301 })).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verifyStandardWebhook(SENDER.whpk, headers(signature), BODY, { nowSec: TS + 900, toleranceSec: 900 })).toEqual({ ok: true });
  });

  it('reads mixed v1,… v1a,… lists: each key checks only its own version', () => {
    const v1 = signStandardWebhook(HMAC_SECRET, MSG_ID, TS, BODY);
    const forged = 'v1a,' + Buffer.alloc(64, 7).toString('base64');
    const mixed = `${v1} ${forged} ${signature}`;
    expect(verifyStandardWebhook(SENDER.whpk, headers(mixed), BODY, { nowSec: TS })).toEqual({ ok: true });
    expect(verifyStandardWebhook(HMAC_SECRET, headers(mixed), BODY, { nowSec: TS })).toEqual({ ok: true });
    // A valid v1 says nothing about the public key, and a valid v1a nothing about the HMAC secret.
    expect(verifyStandardWebhook(SENDER.whpk, headers(`${v1} ${forged}`), BODY, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyStandardWebhook(HMAC_SECRET, headers(signature), BODY, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
    // The v1 bytes relabelled as v1a (and truncated or garbage v1a values) are not signatures.
    expect(verifyStandardWebhook(SENDER.whpk, headers(`v1a,${v1.slice(3)} v1a,%%% v1a,`), BODY, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('accepts the svix-* header names too', () => {
    const svix = { 'svix-id': MSG_ID, 'svix-timestamp': String(TS), 'svix-signature': signature };
    expect(verifyStandardWebhook(SENDER.whpk, svix, BODY, { nowSec: TS })).toEqual({ ok: true });
  });

  it('throws a clear message for a bad or private key, never a crash inside node:crypto', () => {
    expect(() => verifyStandardWebhook('whpk_AAAA', headers(signature), BODY, { nowSec: TS })).toThrow(/invalid Standard Webhooks public key/);
    expect(() => verifyStandardWebhook(SENDER.whsk, headers(signature), BODY, { nowSec: TS })).toThrow(/private signing key.*whpk_/);
  });
});

describe('whpk_ keys in rules and verdicts', () => {
  const rule = { id: 'sw', scheme: 'standard-webhooks' as const, path: '/svix' };
  function push(h: Record<string, string>, body = BODY): PushEvent {
    return {
      id: 'p', stream: 'push', receivedAt: '', t: 0, summary: '', size: body.length, method: 'POST', path: '/svix', query: '',
      remoteAddress: '', via: 'direct', status: 200, headers: Object.entries(h), body: body.toString('base64'), bodyEncoding: 'base64',
    };
  }

  it('takes a whpk_ key as a rule secret and refuses a bad one or a whsk_ by name', () => {
    expect(parseSigningRuleInput({ scheme: 'standard-webhooks', path: '/svix', secret: SENDER.whpk })).toMatchObject({ secret: SENDER.whpk });
    expect(() => parseSigningRuleInput({ scheme: 'standard-webhooks', path: '/svix', secret: 'whpk_short' })).toThrow(/secret.*invalid Standard Webhooks public key/);
    expect(() => parseSigningRuleInput({ scheme: 'standard-webhooks', path: '/svix', secret: SENDER.whsk })).toThrow(/private signing key/);
  });

  it('shows valid, invalid with the reason, and an unusable key as a reason instead of an exception', () => {
    const nowSec = TS;
    const signature = signStandardWebhookEd25519(SENDER.whsk, MSG_ID, TS, BODY);
    const ctx = (secret: string) => ({ rules: [rule], secretOf: () => secret, nowSec });
    expect(checkSignature(push(headers(signature)), ctx(SENDER.whpk))).toEqual({ result: 'valid', scheme: 'standard-webhooks' });
    expect(checkSignature(push(headers(signature), Buffer.from('{}')), ctx(SENDER.whpk))).toEqual({ result: 'invalid', scheme: 'standard-webhooks', reason: 'bad signature' });
    expect(checkSignature(push(headers(signature)), ctx(OTHER.whpk))).toEqual({ result: 'invalid', scheme: 'standard-webhooks', reason: 'bad signature' });
    expect(checkSignature(push(headers(signature, TS - 3600)), ctx(SENDER.whpk))).toEqual({ result: 'invalid', scheme: 'standard-webhooks', reason: 'stale timestamp' });
    expect(checkSignature(push(headers(signature)), ctx('whpk_AAAA'))).toEqual({
      result: 'unchecked',
      scheme: 'standard-webhooks',
      reason: expect.stringMatching(/^secret not usable: invalid Standard Webhooks public key/) as unknown,
    });
  });
});
