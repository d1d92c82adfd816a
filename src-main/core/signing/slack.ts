// Slack: `X-Slack-Signature: v0=<hex>` over "v0:<X-Slack-Request-Timestamp>:<raw body>", 5 min window.
import { createHmac } from 'node:crypto';
import { BAD, DEFAULT_TOLERANCE_SEC, fresh, fromHex, header, MISSING, OK, sameBytes, STALE, type Headers, type TimedVerifyOptions, type VerifyResult } from './signature-tools';

function mac(secret: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest();
}

export function signSlack(secret: string, timestampSec: number, body: Buffer | string): string {
  return `v0=${mac(secret, String(timestampSec), body).toString('hex')}`;
}

export function verifySlack(secret: string, headers: Headers, rawBody: Buffer, opts: TimedVerifyOptions = {}): VerifyResult {
  const signature = header(headers, 'x-slack-signature');
  const timestamp = header(headers, 'x-slack-request-timestamp');
  if (signature === undefined || timestamp === undefined) return MISSING;
  if (!fresh(timestamp, opts, DEFAULT_TOLERANCE_SEC)) return STALE;
  const trimmed = signature.trim();
  if (!trimmed.startsWith('v0=')) return BAD;
  return sameBytes(fromHex(trimmed.slice(3)), mac(secret, timestamp.trim(), rawBody)) ? OK : BAD;
}
