// Shopify: `X-Shopify-Hmac-Sha256: <base64>`, HMAC-SHA256 of the raw body keyed by the app secret.
import { createHmac } from 'node:crypto';
import { BAD, fromBase64, header, MISSING, OK, sameBytes, type Headers, type VerifyResult } from './signature-tools';

export function signShopify(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function verifyShopify(secret: string, headers: Headers, rawBody: Buffer): VerifyResult {
  const value = header(headers, 'x-shopify-hmac-sha256');
  if (value === undefined) return MISSING;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return sameBytes(fromBase64(value.trim()), expected) ? OK : BAD;
}
