// Which rule judges a push, and the verdicts that are not about the signature itself.
import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import type { PushEvent, SigningRule } from '../../../src-main/contract/model';
import { signGithub } from '../../../src-main/core/signing/github';
import { checkSignature, pathMatches, ruleFor, twilioUrls } from '../../../src-main/core/signing/verify-push';

function push(over: Partial<PushEvent> = {}): PushEvent {
  return { id: 'p', stream: 'push', receivedAt: '', t: 0, summary: '', size: 2, method: 'POST', path: '/hooks/gh', query: '', remoteAddress: '', via: 'direct', status: 200, headers: [], body: '{}', bodyEncoding: 'utf8', ...over };
}

const rules: SigningRule[] = [
  { id: 'stripe', scheme: 'stripe', path: '/hooks/*' },
  { id: 'gh', scheme: 'github', path: '/hooks/*' },
  { id: 'exact', scheme: 'shopify', path: '/shop' },
];
const secrets: Record<string, string> = { stripe: 'whsec_x', gh: 'gh', exact: 'shop' };
const ctx = { rules, secretOf: (id: string) => secrets[id] };

describe('rule selection', () => {
  it('matches exact paths, prefixes and the catch-all', () => {
    expect(pathMatches('/shop', '/shop')).toBe(true);
    expect(pathMatches('/shop', '/shop/x')).toBe(false);
    expect(pathMatches('/hooks/*', '/hooks/a/b')).toBe(true);
    expect(pathMatches('*', '/anything')).toBe(true);
  });

  it('prefers the covering rule whose signature header is present, else the first covering one', () => {
    expect(ruleFor(rules, { path: '/hooks/a', headers: [['X-Hub-Signature-256', 'x']] })?.id).toBe('gh');
    expect(ruleFor(rules, { path: '/hooks/a', headers: [] })?.id).toBe('stripe');
    expect(ruleFor(rules, { path: '/other', headers: [] })).toBeUndefined();
  });
});

describe('checkSignature', () => {
  it('verifies on the stored bytes, base64 bodies included', () => {
    const bytes = Buffer.from([0xff, 0x00, 0x10]);
    const event = push({ body: bytes.toString('base64'), bodyEncoding: 'base64', headers: [['x-hub-signature-256', signGithub('gh', bytes)]] });
    expect(checkSignature(event, ctx)).toEqual({ result: 'valid', scheme: 'github' });
  });

  it('does not judge rejected requests or rules without a usable secret', () => {
    expect(checkSignature(push({ rejected: 'body over the limit' }), ctx)).toEqual({ result: 'unchecked', reason: 'request was rejected' });
    const sw = { rules: [{ id: 'sw', scheme: 'standard-webhooks' as const, path: '*' }], secretOf: () => 'whsec_!!' };
    const headers: [string, string][] = [['webhook-id', 'a'], ['webhook-timestamp', '1'], ['webhook-signature', 'v1,x']];
    expect(checkSignature(push({ headers }), sw)).toMatchObject({ result: 'unchecked', scheme: 'standard-webhooks', reason: expect.stringMatching(/^secret not usable: .*whsec_/) as unknown });
  });

  it('reports a damaged stored body as unchecked instead of throwing', () => {
    const event = push({ body: '@@', bodyEncoding: 'base64', headers: [['x-hub-signature-256', 'sha256=00']] });
    expect(checkSignature(event, ctx)).toMatchObject({ result: 'unchecked', reason: expect.stringMatching(/base64/) as unknown });
  });
});

describe('Twilio behind the receiver', () => {
  it('tries the configured public URL, then the forwarded and Host-derived ones', () => {
    const rule: SigningRule = { id: 't', scheme: 'twilio', path: '*', publicUrl: 'https://abc.loca.lt/whatever' };
    const event = { path: '/sms', query: 'a=1', headers: [['Host', 'abc.loca.lt'], ['X-Forwarded-Proto', 'https']] as [string, string][] };
    expect(twilioUrls(rule, event)).toEqual(['https://abc.loca.lt/sms?a=1', 'http://abc.loca.lt/sms?a=1']);
  });

  it('verifies a form delivery signed by the twilio library for the public URL', () => {
    const url = 'https://abc.loca.lt/sms';
    const params = { Body: 'hi there', From: '+15005550006' };
    const sig = twilio.getExpectedTwilioSignature('tok', url, params);
    const event = push({ path: '/sms', body: new URLSearchParams(params).toString(), headers: [['Host', 'abc.loca.lt'], ['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', sig]] });
    const twilioCtx = { rules: [{ id: 't', scheme: 'twilio' as const, path: '/sms' }], secretOf: () => 'tok' };
    expect(checkSignature(event, twilioCtx)).toEqual({ result: 'valid', scheme: 'twilio' });
    expect(checkSignature({ ...event, body: event.body.replace('hi', 'ho') }, twilioCtx)).toEqual({ result: 'invalid', scheme: 'twilio', reason: 'bad signature' });
  });
});
