// Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 over "<t>.<raw body>" keyed
// by the whole `whsec_…` string as UTF-8 (unlike Standard Webhooks, which base64-decodes it).
import { createHmac } from 'node:crypto';
import { BAD, DEFAULT_TOLERANCE_SEC, fresh, fromHex, header, MISSING, OK, sameBytes, STALE, type Headers, type TimedVerifyOptions, type VerifyResult } from './signature-tools';

export function signStripe(secret: string, timestampSec: number, body: Buffer | string): string {
  const sig = createHmac('sha256', secret).update(`${timestampSec}.`).update(body).digest('hex');
  return `t=${timestampSec},v1=${sig}`;
}

export function verifyStripe(secret: string, headers: Headers, rawBody: Buffer, opts: TimedVerifyOptions = {}): VerifyResult {
  const value = header(headers, 'stripe-signature');
  if (value === undefined) return MISSING;
  let timestamp: string | undefined;
  const candidates: string[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    if (key === 't') timestamp = val;
    else if (key === 'v1') candidates.push(val);
  }
  if (timestamp === undefined || candidates.length === 0) return MISSING;
  if (!fresh(timestamp, opts, DEFAULT_TOLERANCE_SEC)) return STALE;
  const expected = createHmac('sha256', secret).update(`${timestamp.trim()}.`).update(rawBody).digest();
  // Every candidate is compared, so which one matched does not show in the timing.
  let ok = false;
  for (const candidate of candidates) ok = sameBytes(fromHex(candidate), expected) || ok;
  return ok ? OK : BAD;
}
