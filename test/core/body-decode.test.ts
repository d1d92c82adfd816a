// Content-Encoding is undone for display only, with a cap so a compression bomb cannot exhaust memory.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { HeaderPair } from '../../src-main/contract/model';
import { decodePushBody } from '../../src-main/core/body-decode';
import { encodeBody } from '../../src-main/core/body-codec';

function push(bytes: Buffer, encoding?: string): { headers: HeaderPair[]; body: string; bodyEncoding: 'utf8' | 'base64' } {
  const headers: HeaderPair[] = [['Content-Type', 'application/json']];
  if (encoding !== undefined) headers.push(['Content-Encoding', encoding]);
  return { headers, ...encodeBody(bytes) };
}

// The shape of a GitHub push delivery (compressed by a proxy in front of a sender).
const github = JSON.stringify({ ref: 'refs/heads/main', before: '0'.repeat(40), after: 'a'.repeat(40), repository: { id: 1296269, full_name: 'octocat/Hello-World' }, pusher: { name: 'octocat', email: 'octocat@github.com' }, commits: [{ id: 'a'.repeat(40), message: 'Fix all the bugs', timestamp: '2026-01-01T00:00:00Z' }] });

describe('decodePushBody', () => {
  it('returns null when there is nothing to undo', async () => {
    expect(await decodePushBody(push(Buffer.from(github)))).toBeNull();
    expect(await decodePushBody(push(Buffer.from(github), 'identity'))).toBeNull();
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes %s back to the original text', async (name, compress) => {
    const stored = compress(Buffer.from(github));
    const ev = push(stored, name);
    const before = ev.body;
    const decoded = await decodePushBody(ev);
    expect(decoded).toMatchObject({ encoding: name, body: github, bodyEncoding: 'utf8', encodedBytes: stored.length, decodedBytes: github.length, truncated: false });
    expect(decoded?.error).toBeUndefined();
    // The stored bytes are untouched.
    expect(ev.body).toBe(before);
    expect(ev.bodyEncoding).toBe('base64');
  });

  it('accepts raw deflate sent under the name deflate', async () => {
    const decoded = await decodePushBody(push(deflateRawSync(Buffer.from(github)), 'deflate'));
    expect(decoded?.body).toBe(github);
  });

  it('undoes a chain of encodings in reverse order', async () => {
    const stored = brotliCompressSync(gzipSync(Buffer.from(github)));
    const decoded = await decodePushBody(push(stored, 'gzip, br'));
    expect(decoded).toMatchObject({ encoding: 'gzip, br', body: github });
  });

  it('stops a gzip bomb at the cap and says so', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const decoded = await decodePushBody(push(bomb, 'gzip'), 1024 * 1024);
    expect(decoded).toMatchObject({ truncated: true, decodedBytes: 1024 * 1024, capBytes: 1024 * 1024, encodedBytes: bomb.length });
  });

  it('reports corrupt data as an error, keeping what decoded before it', async () => {
    const whole = gzipSync(Buffer.from(github.repeat(50)));
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const decoded = await decodePushBody(push(cut, 'gzip'));
    expect(decoded?.error).toMatch(/gzip: unexpected end of file/);
    expect(decoded?.decodedBytes).toBeGreaterThan(0);
    expect(github.repeat(50).startsWith(decoded?.body ?? 'x')).toBe(true);

    const garbage = await decodePushBody(push(Buffer.from('not gzip at all'), 'gzip'));
    expect(garbage?.error).toMatch(/gzip:/);
    expect(garbage?.decodedBytes).toBe(0);
  });

  it('names an encoding it cannot undo', async () => {
    const decoded = await decodePushBody(push(Buffer.from('x'), 'zstd'));
    expect(decoded?.error).toMatch(/unsupported Content-Encoding "zstd"/);
    expect(decoded?.body).toBe('');
  });
});
