// Bodies are stored as strings (they cross JSON, IPC and the NDJSON log), so every capture is encoded
// in a way that decodes back to the exact bytes received: readable text stays text, anything else is
// base64.
import { isUtf8 } from 'node:buffer';
import type { BodyEncoding } from '../contract/model';

export interface EncodedBody {
  body: string;
  bodyEncoding: BodyEncoding;
}

export function encodeBody(buf: Buffer): EncodedBody {
  if (buf.length === 0) return { body: '', bodyEncoding: 'utf8' };
  // isUtf8 is strict UTF-8 (no overlong forms, no encoded surrogates, nothing past U+10FFFF), and
  // Buffer's decoder neither strips a BOM nor normalises, so such bytes decode to text that encodes
  // back to the very same bytes (test/core/body-codec.test.ts checks the edges). Re-encoding every
  // body to compare was ~3 % of a capture's CPU.
  if (isUtf8(buf)) return { body: buf.toString('utf8'), bodyEncoding: 'utf8' };
  return { body: buf.toString('base64'), bodyEncoding: 'base64' };
}

export function decodeBody(body: string, encoding: BodyEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(body, 'utf8');
  if (encoding === 'base64') {
    // Buffer.from skips characters outside the alphabet without a word; stored bodies come from
    // encodeBody, so anything else means the record was damaged and must not pass as the original.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) {
      throw new Error('body is not valid base64: the stored record is damaged');
    }
    return Buffer.from(body, 'base64');
  }
  throw new Error(`unknown body encoding "${String(encoding)}" (expected "utf8" or "base64")`);
}
