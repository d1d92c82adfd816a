import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { HeaderPair } from '@contract/model';
import { decodeStandardWebhookSecret, signStandardWebhook, verifyStandardWebhook } from '../../../src-main/core/signing/standard-webhooks';

// The published Standard Webhooks vector.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const PAYLOAD = '{"test": 2432232314}';
const EXPECTED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

function headers(signature: string, ts: number | string = TS, id = MSG_ID): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature };
}

describe('signStandardWebhook', () => {
  it('reproduces the published vector from a string and from bytes', () => {
    expect(signStandardWebhook(SECRET, MSG_ID, TS, PAYLOAD)).toBe(EXPECTED);
    expect(signStandardWebhook(SECRET, MSG_ID, TS, Buffer.from(PAYLOAD))).toBe(EXPECTED);
  });

  it('accepts the secret without its whsec_ prefix', () => {
    expect(signStandardWebhook(SECRET.slice('whsec_'.length), MSG_ID, TS, PAYLOAD)).toBe(EXPECTED);
  });

  it('refuses a secret that is not base64 with a message naming the expected form', () => {
    expect(() => signStandardWebhook('whsec_not base64!', MSG_ID, TS, PAYLOAD)).toThrow(/whsec_.*base64/);
    expect(() => decodeStandardWebhookSecret('whsec_')).toThrow(/base64/);
    expect(() => verifyStandardWebhook('', headers(EXPECTED), Buffer.from(PAYLOAD), { nowSec: TS })).toThrow(/base64/);
  });
});

describe('verifyStandardWebhook', () => {
  const body = Buffer.from(PAYLOAD);

  it('accepts the published vector', () => {
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), body, { nowSec: TS })).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), Buffer.from('{"test": 2432232315}'), { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('verifies the raw bytes, not a re-serialisation of the JSON', () => {
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), Buffer.from(JSON.stringify(JSON.parse(PAYLOAD))), { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects a wrong secret, a wrong id and a signature of the wrong length', () => {
    expect(verifyStandardWebhook('whsec_' + Buffer.from('another secret').toString('base64'), headers(EXPECTED), body, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED, TS, 'msg_other'), body, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyStandardWebhook(SECRET, headers('v1,c2hvcnQ='), body, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('ignores other versions and accepts a matching v1 anywhere in the list', () => {
    const other = 'v1,' + Buffer.alloc(32, 1).toString('base64');
    expect(verifyStandardWebhook(SECRET, headers(`v1a,${EXPECTED.slice(3)} ${other} ${EXPECTED}`), body, { nowSec: TS })).toEqual({ ok: true });
    expect(verifyStandardWebhook(SECRET, headers(`v2,${EXPECTED.slice(3)}`), body, { nowSec: TS })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects timestamps outside the 5-minute window in either direction, and non-numbers', () => {
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), body, { nowSec: TS + 300 })).toEqual({ ok: true });
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), body, { nowSec: TS + 301 })).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), body, { nowSec: TS - 301 })).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), body, { nowSec: TS + 1000, toleranceSec: 1000 })).toEqual({ ok: true });
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED, 'yesterday'), body, { nowSec: TS })).toEqual({ ok: false, reason: 'stale timestamp' });
  });

  it('uses the real clock by default, so the old vector is stale today', () => {
    expect(verifyStandardWebhook(SECRET, headers(EXPECTED), body)).toEqual({ ok: false, reason: 'stale timestamp' });
  });

  it('reports a missing header for each of the three', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const h = headers(EXPECTED);
      delete h[name];
      expect(verifyStandardWebhook(SECRET, h, body, { nowSec: TS })).toEqual({ ok: false, reason: 'missing header' });
    }
    expect(verifyStandardWebhook(SECRET, [], body, { nowSec: TS })).toEqual({ ok: false, reason: 'missing header' });
  });

  it('reads header pairs case-insensitively and accepts svix-* names', () => {
    const pairs: HeaderPair[] = [
      ['Svix-Id', MSG_ID],
      ['SVIX-TIMESTAMP', String(TS)],
      ['svix-signature', EXPECTED],
    ];
    expect(verifyStandardWebhook(SECRET, pairs, body, { nowSec: TS })).toEqual({ ok: true });
  });

  it('joins a repeated signature header into one list', () => {
    const pairs: HeaderPair[] = [
      ['webhook-id', MSG_ID],
      ['webhook-timestamp', String(TS)],
      ['webhook-signature', 'v1,' + Buffer.alloc(32).toString('base64')],
      ['Webhook-Signature', EXPECTED],
    ];
    expect(verifyStandardWebhook(SECRET, pairs, body, { nowSec: TS })).toEqual({ ok: true });
  });
});

describe('cross-check with the reference library (standardwebhooks)', () => {
  const payloads = ['{"type":"lead.created","data":{"name":"Zoë 🚀"}}', '', 'not json at all \n\t'];

  it('signs exactly what the reference signs', () => {
    const wh = new Webhook(SECRET);
    for (const payload of payloads) {
      expect(signStandardWebhook(SECRET, 'msg_x', 1_700_000_000, payload)).toBe(wh.sign('msg_x', new Date(1_700_000_000_000), payload));
    }
  });

  it('our signatures pass the reference verifier and its signatures pass ours', () => {
    const wh = new Webhook(SECRET);
    const nowSec = Math.floor(Date.now() / 1000);
    for (const payload of payloads) {
      const ours = headers(signStandardWebhook(SECRET, 'msg_y', nowSec, payload), nowSec, 'msg_y');
      expect(() => wh.verify(payload, ours, { jsonParse: false })).not.toThrow();
      const theirs = headers(wh.sign('msg_y', new Date(nowSec * 1000), payload), nowSec, 'msg_y');
      expect(verifyStandardWebhook(SECRET, theirs, Buffer.from(payload))).toEqual({ ok: true });
    }
  });

  it('agrees with the reference on a tampered body', () => {
    const wh = new Webhook(SECRET);
    const nowSec = Math.floor(Date.now() / 1000);
    const h = headers(signStandardWebhook(SECRET, 'msg_z', nowSec, '{"a":1}'), nowSec, 'msg_z');
    expect(() => wh.verify('{"a":2}', h, { jsonParse: false })).toThrow();
    expect(verifyStandardWebhook(SECRET, h, Buffer.from('{"a":2}'))).toEqual({ ok: false, reason: 'bad signature' });
  });
});
