import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody } from '../../src-main/core/body-codec';

describe('body codec', () => {
  it('keeps valid UTF-8 as text and everything else as base64, both decoding to the exact bytes', () => {
    const samples = [Buffer.from('héllo ✓ 日本 \u{1F600}'), Buffer.from([0xef, 0xbb, 0xbf, 0x41]), Buffer.from([0x00, 0x80, 0xff]), randomBytes(1000)];
    for (const buf of samples) {
      const { body, bodyEncoding } = encodeBody(buf);
      expect(decodeBody(body, bodyEncoding).equals(buf)).toBe(true);
    }
    expect(encodeBody(Buffer.from('héllo')).bodyEncoding).toBe('utf8');
    expect(encodeBody(Buffer.from([0xc3, 0x28])).bodyEncoding).toBe('base64');
    expect(encodeBody(Buffer.alloc(0))).toEqual({ body: '', bodyEncoding: 'utf8' });
  });

  it('refuses damaged base64 and unknown encodings instead of returning wrong bytes', () => {
    expect(() => decodeBody('abc$', 'base64')).toThrow(/not valid base64/);
    expect(() => decodeBody('abc', 'base64')).toThrow(/not valid base64/);
    expect(() => decodeBody('x', 'hex' as 'utf8')).toThrow(/unknown body encoding "hex"/);
  });
});
