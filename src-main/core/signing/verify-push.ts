// Picks the signing rule that covers a captured push and checks its signature on the raw bytes, so
// every push carries a verdict from the moment it is captured.
import type { PushEvent, SignatureCheck, SignatureScheme, SigningRule } from '../../contract/model';
import { decodeBody } from '../body-codec';
import { pathMatches } from '../path-pattern';
import { verifyGithub } from './github';
import { verifyShopify } from './shopify';
import { verifySlack } from './slack';
import { header, type VerifyResult } from './signature-tools';
import { verifyStandardWebhook } from './standard-webhooks';
import { verifyStripe } from './stripe';
import { verifyTwilio } from './twilio';

export const SIGNATURE_SCHEMES: readonly SignatureScheme[] = ['stripe', 'github', 'shopify', 'slack', 'standard-webhooks', 'twilio'];

/** The header that names a scheme: a request carrying it was signed with that scheme. */
const SCHEME_HEADER: Record<SignatureScheme, string[]> = {
  stripe: ['stripe-signature'],
  github: ['x-hub-signature-256'],
  shopify: ['x-shopify-hmac-sha256'],
  slack: ['x-slack-signature'],
  'standard-webhooks': ['webhook-signature', 'svix-signature'],
  twilio: ['x-twilio-signature'],
};

export interface SigningContext {
  rules: readonly SigningRule[];
  secretOf(ruleId: string): string | undefined;
  nowSec?: number;
}

export { pathMatches };

/** Several rules may cover one path (a Stripe and a GitHub endpoint under /hooks/*): the headers decide. */
export function ruleFor(rules: readonly SigningRule[], event: Pick<PushEvent, 'path' | 'headers'>): SigningRule | undefined {
  const covering = rules.filter((rule) => pathMatches(rule.path, event.path));
  return covering.find((rule) => SCHEME_HEADER[rule.scheme].some((name) => header(event.headers, name) !== undefined)) ?? covering[0];
}

export function checkSignature(event: PushEvent, ctx: SigningContext): SignatureCheck {
  if (event.rejected !== undefined) return { result: 'unchecked', reason: 'request was rejected' };
  const rule = ruleFor(ctx.rules, event);
  if (!rule) return { result: 'unchecked', reason: 'no signing rule for this path' };
  const secret = ctx.secretOf(rule.id);
  if (secret === undefined || secret === '') return { result: 'unchecked', scheme: rule.scheme, reason: 'no secret set for the rule' };
  let verdict: VerifyResult;
  try {
    verdict = verify(rule, secret, event, ctx.nowSec);
  } catch (error) {
    // A secret that cannot be used is a settings mistake, not a forged request.
    return { result: 'unchecked', scheme: rule.scheme, reason: `secret not usable: ${(error as Error).message}` };
  }
  return verdict.ok ? { result: 'valid', scheme: rule.scheme } : { result: 'invalid', scheme: rule.scheme, reason: verdict.reason };
}

function verify(rule: SigningRule, secret: string, event: PushEvent, nowSec: number | undefined): VerifyResult {
  const body = decodeBody(event.body, event.bodyEncoding);
  const timed = { nowSec, toleranceSec: rule.toleranceSec };
  switch (rule.scheme) {
    case 'stripe':
      return verifyStripe(secret, event.headers, body, timed);
    case 'github':
      return verifyGithub(secret, event.headers, body);
    case 'shopify':
      return verifyShopify(secret, event.headers, body);
    case 'slack':
      return verifySlack(secret, event.headers, body, timed);
    case 'standard-webhooks':
      return verifyStandardWebhook(secret, event.headers, body, timed);
    case 'twilio':
      return verifyTwilio(secret, event.headers, body, twilioUrls(rule, event));
  }
}

/** The URL Twilio called is not known for sure behind a tunnel: the configured one, then the likely ones. */
export function twilioUrls(rule: SigningRule, event: Pick<PushEvent, 'path' | 'query' | 'headers'>): string[] {
  const pathAndQuery = `${event.path}${event.query ? `?${event.query}` : ''}`;
  const origins: string[] = [];
  if (rule.publicUrl) origins.push(new URL(rule.publicUrl).origin);
  const host = header(event.headers, 'x-forwarded-host') ?? header(event.headers, 'host');
  const proto = header(event.headers, 'x-forwarded-proto');
  if (host) {
    if (proto) origins.push(`${proto.split(',')[0]?.trim() ?? 'https'}://${host}`);
    origins.push(`https://${host}`, `http://${host}`);
  }
  return [...new Set(origins)].map((origin) => origin + pathAndQuery);
}
