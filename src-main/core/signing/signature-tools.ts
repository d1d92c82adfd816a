// Pieces every HMAC scheme shares: header lookup on the headers as received, a constant-time
// comparison of decoded bytes, and the timestamp window.
import { timingSafeEqual } from 'node:crypto';
import type { HeaderPair } from '../../contract/model';
import type { VerifyResult } from './standard-webhooks';

export type { VerifyFailure, VerifyResult } from './standard-webhooks';
export { DEFAULT_TOLERANCE_SEC } from './standard-webhooks';

export type Headers = HeaderPair[] | Record<string, string>;

export interface TimedVerifyOptions {
  toleranceSec?: number;
  /** The verifier's "now" in unix seconds; injectable so tests need no clock tricks. */
  nowSec?: number;
}

export const OK: VerifyResult = { ok: true };
export const MISSING: VerifyResult = { ok: false, reason: 'missing header' };
export const BAD: VerifyResult = { ok: false, reason: 'bad signature' };
export const STALE: VerifyResult = { ok: false, reason: 'stale timestamp' };

/** The first value of a header, case-insensitively. */
export function header(headers: Headers, name: string): string | undefined {
  const lower = name.toLowerCase();
  const pairs: [string, string][] = Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** Length is not secret (every valid signature has the same one); the bytes are compared in constant time. */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Buffer.from silently drops what it cannot parse; a malformed signature must not half-decode. */
export function fromHex(text: string): Buffer {
  return HEX.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.alloc(0);
}

export function fromBase64(text: string): Buffer {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
}

/** A unix-seconds timestamp inside the window; anything that is not an integer is outside it. */
export function fresh(timestamp: string, opts: TimedVerifyOptions, defaultToleranceSec: number): boolean {
  const trimmed = timestamp.trim();
  if (!/^\d+$/.test(trimmed)) return false;
  const nowSec = opts.nowSec ?? Math.floor(Date.now() / 1000);
  return Math.abs(nowSec - Number(trimmed)) <= (opts.toleranceSec ?? defaultToleranceSec);
}
