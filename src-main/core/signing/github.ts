// GitHub: `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the raw body. No timestamp is signed,
// so a replayed delivery verifies; `X-GitHub-Delivery` is what tells duplicates apart.
import { createHmac } from 'node:crypto';
import { BAD, fromHex, header, MISSING, OK, sameBytes, type Headers, type VerifyResult } from './signature-tools';

export function signGithub(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifyGithub(secret: string, headers: Headers, rawBody: Buffer): VerifyResult {
  const value = header(headers, 'x-hub-signature-256');
  if (value === undefined) return MISSING;
  const trimmed = value.trim();
  if (!trimmed.startsWith('sha256=')) return BAD;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return sameBytes(fromHex(trimmed.slice('sha256='.length)), expected) ? OK : BAD;
}
