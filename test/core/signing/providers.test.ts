// Each scheme against its published vector, and against the provider's own library as an oracle:
// whatever the library accepts or refuses, ours must too (valid, tampered body, wrong secret, stale).
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import twilio from 'twilio';
import { signGithub, verifyGithub } from '../../../src-main/core/signing/github';
import { signShopify, verifyShopify } from '../../../src-main/core/signing/shopify';
import { signSlack, verifySlack } from '../../../src-main/core/signing/slack';
import { signStripe, verifyStripe } from '../../../src-main/core/signing/stripe';
import { portVariants, signTwilio, verifyTwilio } from '../../../src-main/core/signing/twilio';

const VALID = { ok: true };
const BAD = { ok: false, reason: 'bad signature' };
const STALE = { ok: false, reason: 'stale timestamp' };
const MISSING = { ok: false, reason: 'missing header' };

describe('Stripe', () => {
  const stripe = new Stripe('sk_test_oracle_only');
  const SECRET = 'whsec_test_secret';
  const T = 1614265330;
  const BODY = '{"id":"evt_test","object":"event"}';
  const V1 = 'fbd6bf5496b9d6310e422a2c072578f95f5eb492111ab57a5510e9cd79c1b304';
  const oracle = (body: string, headerValue: string, secret: string, nowSec: number): boolean => {
    try {
      stripe.webhooks.constructEvent(body, headerValue, secret, 300, undefined, nowSec * 1000);
      return true;
    } catch {
      return false;
    }
  };

  it('reproduces the computed vector and accepts it', () => {
    expect(signStripe(SECRET, T, BODY)).toBe(`t=${T},v1=${V1}`);
    expect(verifyStripe(SECRET, { 'Stripe-Signature': `t=${T},v1=${V1}` }, Buffer.from(BODY), { nowSec: T })).toEqual(VALID);
  });

  it('agrees with the stripe library on valid, tampered, wrong secret and stale', () => {
    const headerValue = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET, timestamp: T });
    expect(headerValue).toBe(`t=${T},v1=${V1}`);
    const cases: [string, string, string, number, object][] = [
      [BODY, headerValue, SECRET, T + 10, VALID],
      [BODY.replace('evt_test', 'evt_tamp'), headerValue, SECRET, T, BAD],
      [BODY, headerValue, 'whsec_wrong', T, BAD],
      [BODY, headerValue, SECRET, T + 301, STALE],
    ];
    for (const [body, h, secret, now, ours] of cases) {
      expect(verifyStripe(secret, [['stripe-signature', h]], Buffer.from(body), { nowSec: now })).toEqual(ours);
      expect(oracle(body, h, secret, now)).toBe(ours === VALID);
    }
  });

  it('accepts any of several v1 signatures (secret rotation) and ignores other schemes', () => {
    const h = `t=${T},v0=abc,v1=${'0'.repeat(64)},v1=${V1}`;
    expect(verifyStripe(SECRET, { 'stripe-signature': h }, Buffer.from(BODY), { nowSec: T })).toEqual(VALID);
    expect(oracle(BODY, h, SECRET, T)).toBe(true);
  });

  it('names a missing header, a header without t or v1, and a malformed signature', () => {
    const body = Buffer.from(BODY);
    expect(verifyStripe(SECRET, {}, body, { nowSec: T })).toEqual(MISSING);
    expect(verifyStripe(SECRET, { 'stripe-signature': `v1=${V1}` }, body, { nowSec: T })).toEqual(MISSING);
    expect(verifyStripe(SECRET, { 'stripe-signature': `t=${T}` }, body, { nowSec: T })).toEqual(MISSING);
    expect(verifyStripe(SECRET, { 'stripe-signature': `t=${T},v1=zz${V1.slice(2)}` }, body, { nowSec: T })).toEqual(BAD);
    expect(verifyStripe(SECRET, { 'stripe-signature': `t=abc,v1=${V1}` }, body, { nowSec: T })).toEqual(STALE);
  });
});

describe('GitHub', () => {
  const SECRET = "It's a Secret to Everybody";
  const BODY = 'Hello, World!';
  const SIG = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  it('reproduces the published vector and accepts it', () => {
    expect(signGithub(SECRET, BODY)).toBe(SIG);
    expect(verifyGithub(SECRET, { 'X-Hub-Signature-256': SIG }, Buffer.from(BODY))).toEqual(VALID);
  });

  it('agrees with @octokit/webhooks-methods on valid, tampered and wrong secret', async () => {
    const payload = '{"action":"opened","number":7}';
    const sig = await octokitSign(SECRET, payload);
    expect(signGithub(SECRET, payload)).toBe(sig);
    const cases: [string, string, object][] = [
      [payload, SECRET, VALID],
      [payload.replace('7', '8'), SECRET, BAD],
      [payload, 'wrong', BAD],
    ];
    for (const [body, secret, ours] of cases) {
      expect(verifyGithub(secret, { 'x-hub-signature-256': sig }, Buffer.from(body))).toEqual(ours);
      expect(await octokitVerify(secret, body, sig)).toBe(ours === VALID);
    }
  });

  it('refuses a missing header, the sha1 form and a truncated signature', () => {
    const body = Buffer.from(BODY);
    expect(verifyGithub(SECRET, { 'x-hub-signature': 'sha1=abc' }, body)).toEqual(MISSING);
    expect(verifyGithub(SECRET, { 'x-hub-signature-256': SIG.replace('sha256=', 'sha1=') }, body)).toEqual(BAD);
    expect(verifyGithub(SECRET, { 'x-hub-signature-256': SIG.slice(0, -2) }, body)).toEqual(BAD);
  });
});

describe('Shopify', () => {
  const SECRET = 'shop-secret';
  const SIG = 'plW8VGqq0nDMIEhDqaNNW99asdUCy7EIqLZVcQwtAZ0=';

  it('reproduces the computed vector; refuses tampered, wrong secret, missing and malformed', () => {
    expect(signShopify(SECRET, '{"id":1}')).toBe(SIG);
    expect(verifyShopify(SECRET, { 'X-Shopify-Hmac-Sha256': SIG }, Buffer.from('{"id":1}'))).toEqual(VALID);
    expect(verifyShopify(SECRET, { 'X-Shopify-Hmac-Sha256': SIG }, Buffer.from('{"id":2}'))).toEqual(BAD);
    expect(verifyShopify('other', { 'X-Shopify-Hmac-Sha256': SIG }, Buffer.from('{"id":1}'))).toEqual(BAD);
    expect(verifyShopify(SECRET, {}, Buffer.from('{"id":1}'))).toEqual(MISSING);
    expect(verifyShopify(SECRET, { 'X-Shopify-Hmac-Sha256': `!${SIG.slice(1)}` }, Buffer.from('{"id":1}'))).toEqual(BAD);
  });
});

describe('Slack', () => {
  const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
  const TS = 1531420618;
  const BODY =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const SIG = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
  const h = (sig = SIG, ts: number | string = TS) => ({ 'X-Slack-Signature': sig, 'X-Slack-Request-Timestamp': String(ts) });

  it('reproduces the published vector and accepts it inside the window', () => {
    expect(signSlack(SECRET, TS, BODY)).toBe(SIG);
    expect(verifySlack(SECRET, h(), Buffer.from(BODY), { nowSec: TS + 299 })).toEqual(VALID);
  });

  it('refuses tampered, wrong secret, stale, missing timestamp, and a signed timestamp that was changed', () => {
    expect(verifySlack(SECRET, h(), Buffer.from(BODY.replace('foobar', 'foobaz')), { nowSec: TS })).toEqual(BAD);
    expect(verifySlack('nope', h(), Buffer.from(BODY), { nowSec: TS })).toEqual(BAD);
    expect(verifySlack(SECRET, h(), Buffer.from(BODY), { nowSec: TS + 301 })).toEqual(STALE);
    expect(verifySlack(SECRET, h(), Buffer.from(BODY), { nowSec: TS - 301 })).toEqual(STALE);
    expect(verifySlack(SECRET, { 'X-Slack-Signature': SIG }, Buffer.from(BODY), { nowSec: TS })).toEqual(MISSING);
    expect(verifySlack(SECRET, h(SIG, TS + 1), Buffer.from(BODY), { nowSec: TS })).toEqual(BAD);
  });

  it('honours a custom tolerance', () => {
    expect(verifySlack(SECRET, h(), Buffer.from(BODY), { nowSec: TS + 1000, toleranceSec: 3600 })).toEqual(VALID);
  });
});

describe('Twilio', () => {
  const TOKEN = '12345';
  const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  const SIG = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
  const form = (params: Record<string, string>) => Buffer.from(new URLSearchParams(params).toString());
  const formHeaders = (sig: string) => ({ 'X-Twilio-Signature': sig, 'Content-Type': 'application/x-www-form-urlencoded' });

  it('reproduces the published vector and accepts it from the form body', () => {
    expect(signTwilio(TOKEN, URL_, PARAMS)).toBe(SIG);
    expect(verifyTwilio(TOKEN, formHeaders(SIG), form(PARAMS), [URL_])).toEqual(VALID);
  });

  it('agrees with the twilio library on valid, tampered, wrong secret and a different URL', () => {
    const cases: [Record<string, string>, string, string, object][] = [
      [PARAMS, TOKEN, URL_, VALID],
      [{ ...PARAMS, Digits: '9999' }, TOKEN, URL_, BAD],
      [PARAMS, '54321', URL_, BAD],
      [PARAMS, TOKEN, 'https://mycompany.com/other.php?foo=1&bar=2', BAD],
    ];
    for (const [params, token, url, ours] of cases) {
      expect(verifyTwilio(token, formHeaders(SIG), form(params), [url])).toEqual(ours);
      expect(twilio.validateRequest(token, SIG, url, params)).toBe(ours === VALID);
    }
  });

  it('accepts the URL with or without its default port, as the library does', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(portVariants(withPort)).toContain(URL_);
    expect(verifyTwilio(TOKEN, formHeaders(SIG), form(PARAMS), [withPort])).toEqual(VALID);
    expect(twilio.validateRequest(TOKEN, SIG, withPort, PARAMS)).toBe(true);
  });

  it('checks a JSON body against bodySHA256, like validateRequestWithBody', () => {
    const body = '{"property":"value","boolean":true}';
    const hash = twilio.getExpectedBodyHash(body);
    const url = `https://mycompany.com/myapp.php?bodySHA256=${hash}`;
    const sig = twilio.getExpectedTwilioSignature(TOKEN, url, {});
    const h = { 'X-Twilio-Signature': sig, 'Content-Type': 'application/json' };
    expect(verifyTwilio(TOKEN, h, Buffer.from(body), [url])).toEqual(VALID);
    expect(twilio.validateRequestWithBody(TOKEN, sig, url, body)).toBe(true);
    const tampered = body.replace('value', 'other');
    expect(verifyTwilio(TOKEN, h, Buffer.from(tampered), [url])).toEqual(BAD);
    expect(twilio.validateRequestWithBody(TOKEN, sig, url, tampered)).toBe(false);
  });

  it('refuses a missing header and an unknown algorithm', () => {
    expect(verifyTwilio(TOKEN, { 'Content-Type': 'application/x-www-form-urlencoded' }, form(PARAMS), [URL_])).toEqual(MISSING);
    const h = { ...formHeaders(SIG), 'X-Twilio-Webhooks-Signature-Settings': 'algorithm=HMAC_MD5' };
    expect(verifyTwilio(TOKEN, h, form(PARAMS), [URL_])).toEqual(BAD);
  });
});
