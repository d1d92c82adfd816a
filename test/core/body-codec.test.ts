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

  it('keeps text only where decoding and encoding again gives back the same bytes, at every edge of UTF-8', () => {
    const edges = [0x0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xffff, 0x10000, 0x10ffff];
    const text = Buffer.from(edges.map((cp) => String.fromCodePoint(cp)).join(''), 'utf8');
    expect(encodeBody(text).bodyEncoding).toBe('utf8');
    expect(decodeBody(encodeBody(text).body, 'utf8').equals(text)).toBe(true);
    // Forms a lenient decoder would accept but that do not come back byte for byte: an overlong "/",
    // an encoded surrogate (CESU-8), a code point past U+10FFFF, a cut sequence.
    for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x41, 0xe2, 0x82]]) {
      const buf = Buffer.from(bytes);
      const { body, bodyEncoding } = encodeBody(buf);
      expect(bodyEncoding).toBe('base64');
      expect(decodeBody(body, bodyEncoding).equals(buf)).toBe(true);
    }
  });

  it('refuses damaged base64 and unknown encodings instead of returning wrong bytes', () => {
    expect(() => decodeBody('abc$', 'base64')).toThrow(/not valid base64/);
    expect(() => decodeBody('abc', 'base64')).toThrow(/not valid base64/);
    expect(() => decodeBody('x', 'hex' as 'utf8')).toThrow(/unknown body encoding "hex"/);
  });
});
