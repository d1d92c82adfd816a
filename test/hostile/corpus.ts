// The hostile and broken requests thrown at the receiver, each with what must become of it.
import { gzipSync } from 'node:zlib';
import { DEFAULT_MAX_BODY_BYTES } from '../../src-main/core/receiver';

export type Outcome =
  /** Answered 200 and stored byte for byte. */
  | { kind: 'captured'; method: string; path: string; query?: string; body: Buffer; header?: [string, string]; headerCount?: number; count?: number }
  /** Answered with this status (or closed, when the sender never finished) and stored as rejected. */
  | { kind: 'rejected'; status: number; answered: boolean };

export interface HostileCase {
  name: string;
  /** Bytes to write; an array is written piece by piece with `gapMs` between pieces. */
  send: Buffer | Buffer[];
  gapMs?: number;
  /** Half-close after writing (a sender that gives up). */
  end?: boolean;
  outcome: Outcome;
}

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const post = (path: string, headers: string, body: Buffer | string): Buffer => {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([b(`POST ${path} HTTP/1.1\r\nHost: hooks.test\r\n${headers}Content-Length: ${buf.length}\r\n\r\n`), buf]);
};
const captured = (path: string, body: Buffer | string, extra: Partial<Extract<Outcome, { kind: 'captured' }>> = {}): Outcome => ({
  kind: 'captured', method: 'POST', path, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body, ...extra,
});
const rejected = (status: number, answered = true): Outcome => ({ kind: 'rejected', status, answered });
const json = 'Content-Type: application/json\r\n';

const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
const tooBig = Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 0x61);
// Over Node's silent 2000-header cut, under its 16 KB header size limit.
const tinyHeaders = Array.from({ length: 2500 }, (_, i) => `a:${i % 10}\r\n`).join('');
const manyHeaders = Array.from({ length: 10_000 }, (_, i) => `X-H-${i}: ${i}\r\n`).join('');
const chunked = (path: string, raw: string): Buffer => b(`POST ${path} HTTP/1.1\r\nHost: hooks.test\r\nTransfer-Encoding: chunked\r\n\r\n${raw}`);
const script = '<script>window.__hookscopePwned=1</script>';
const img = '<img src=x onerror="window.__hookscopePwned=2">';

export const CORPUS: HostileCase[] = [
  // Invalid JSON under a JSON content type: kept exactly, it is what the sender sent.
  { name: 'truncated JSON', send: post('/j1', json, '{"type":"a",'), outcome: captured('/j1', '{"type":"a",') },
  { name: 'JSON with trailing comma', send: post('/j2', json, '{"a":1,}'), outcome: captured('/j2', '{"a":1,}') },
  { name: 'JSON with single quotes', send: post('/j3', json, "{'a':1}"), outcome: captured('/j3', "{'a':1}") },
  { name: 'JSON NaN', send: post('/j4', json, '{"a":NaN}'), outcome: captured('/j4', '{"a":NaN}') },
  { name: 'JSON with a BOM', send: post('/j5', json, '\ufeff{"a":1}'), outcome: captured('/j5', '\ufeff{"a":1}') },
  { name: 'empty body as JSON', send: post('/j6', json, ''), outcome: captured('/j6', '') },
  { name: 'deeply nested JSON', send: post('/j7', json, '['.repeat(100_000)), outcome: captured('/j7', '['.repeat(100_000)) },
  { name: 'JSON of a huge number', send: post('/j8', json, '1e999999'), outcome: captured('/j8', '1e999999') },
  // Wrong or missing content types.
  { name: 'no content type', send: post('/c1', '', '{"a":1}'), outcome: captured('/c1', '{"a":1}') },
  { name: 'JSON sent as text/plain', send: post('/c2', 'Content-Type: text/plain\r\n', '{"a":1}'), outcome: captured('/c2', '{"a":1}') },
  { name: 'JSON sent as XML', send: post('/c3', 'Content-Type: application/xml\r\n', '{"a":1}'), outcome: captured('/c3', '{"a":1}') },
  { name: 'garbage content type', send: post('/c4', 'Content-Type: ;;;/\r\n', 'x'), outcome: captured('/c4', 'x') },
  { name: 'multipart without boundary', send: post('/c5', 'Content-Type: multipart/form-data\r\n', '--x\r\n'), outcome: captured('/c5', '--x\r\n') },
  { name: 'UTF-16 charset claimed on UTF-8', send: post('/c6', 'Content-Type: application/json; charset=utf-16\r\n', '{"é":1}'), outcome: captured('/c6', '{"é":1}') },
  // Invalid UTF-8 and NUL bytes.
  { name: 'invalid UTF-8 bytes', send: post('/u1', json, b('\xff\xfe\xfd')), outcome: captured('/u1', b('\xff\xfe\xfd')) },
  { name: 'overlong UTF-8', send: post('/u2', '', b('\xc0\xaf')), outcome: captured('/u2', b('\xc0\xaf')) },
  { name: 'UTF-8 encoded lone surrogate', send: post('/u3', '', b('\xed\xa0\x80')), outcome: captured('/u3', b('\xed\xa0\x80')) },
  { name: 'truncated multibyte character', send: post('/u4', '', b('ok\xe2\x82')), outcome: captured('/u4', b('ok\xe2\x82')) },
  { name: 'NUL bytes in the body', send: post('/n1', json, b('{"a":"\0\0"}\0')), outcome: captured('/n1', b('{"a":"\0\0"}\0')) },
  { name: 'NUL byte in the path', send: b('GET /a\0b HTTP/1.1\r\nHost: h\r\n\r\n'), outcome: rejected(400) },
  { name: 'NUL byte in a header value', send: b('GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n'), outcome: rejected(400) },
  { name: 'high bytes in a header value', send: b('POST /n2 HTTP/1.1\r\nHost: h\r\nX-Raw: \xff\xfe\r\nContent-Length: 0\r\n\r\n'), outcome: captured('/n2', '', { header: ['X-Raw', '\xff\xfe'] }) },
  // Size limits.
  { name: '25 MB + 1 body announced', send: post('/big', '', tooBig), outcome: rejected(413) },
  { name: '25 MB + 1 body chunked', send: chunked('/big2', `${tooBig.length.toString(16)}\r\n${tooBig.toString('latin1')}\r\n0\r\n\r\n`), outcome: rejected(413) },
  { name: 'gzip bomb kept compressed', send: post('/gz', 'Content-Encoding: gzip\r\nContent-Type: application/json\r\n', bomb), outcome: captured('/gz', bomb) },
  { name: '10,000 headers', send: b(`POST /h HTTP/1.1\r\nHost: h\r\n${manyHeaders}Content-Length: 0\r\n\r\n`), outcome: rejected(431) },
  { name: '2,500 tiny headers kept in full', send: b(`POST /h2 HTTP/1.1\r\nHost: h\r\n${tinyHeaders}Content-Length: 0\r\n\r\n`), outcome: captured('/h2', '', { headerCount: 2502 }) },
  { name: '20 KB header value', send: post('/hv', `X-Long: ${'v'.repeat(20_000)}\r\n`, ''), outcome: rejected(431) },
  { name: '12 KB header value kept', send: post('/hv2', `X-Long: ${'v'.repeat(12_000)}\r\n`, ''), outcome: captured('/hv2', '', { header: ['X-Long', 'v'.repeat(12_000)] }) },
  { name: '20 KB path', send: b(`GET /${'p'.repeat(20_000)} HTTP/1.1\r\nHost: h\r\n\r\n`), outcome: rejected(431) },
  { name: '8 KB path kept', send: post(`/${'p'.repeat(8000)}`, '', 'x'), outcome: captured(`/${'p'.repeat(8000)}`, 'x') },
  // Framing.
  { name: 'body shorter than Content-Length', send: b('POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc'), end: true, outcome: rejected(499, false) },
  { name: 'body longer than Content-Length', send: b('POST /l HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcXYZ'), outcome: rejected(400) },
  { name: 'invalid chunk size', send: chunked('/k1', 'zz\r\nabc\r\n0\r\n\r\n'), outcome: rejected(400) },
  { name: 'chunk longer than its size', send: chunked('/k2', '2\r\nabcdef\r\n0\r\n\r\n'), outcome: rejected(400) },
  { name: 'chunked body cut off', send: chunked('/k3', '5\r\nab'), end: true, outcome: rejected(499, false) },
  { name: 'chunked with trailers', send: chunked('/k4', '3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n'), outcome: { kind: 'captured', method: 'POST', path: '/k4', body: b('abc') } },
  { name: '10,000 one-byte chunks', send: chunked('/k5', `${'1\r\nz\r\n'.repeat(10_000)}0\r\n\r\n`), outcome: { kind: 'captured', method: 'POST', path: '/k5', body: b('z'.repeat(10_000)) } },
  { name: 'Content-Length and Transfer-Encoding (smuggling)', send: b('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'), outcome: rejected(400) },
  { name: 'two different Content-Lengths', send: b('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde'), outcome: rejected(400) },
  { name: 'negative Content-Length', send: b('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n'), outcome: rejected(400) },
  { name: 'absurd Content-Length', send: b('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n'), outcome: rejected(400) },
  { name: 'unknown Transfer-Encoding', send: b('POST /g HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\nabc'), outcome: rejected(400) },
  { name: 'obsolete header folding', send: b('POST / HTTP/1.1\r\nHost: h\r\nX-A: b\r\n c\r\nContent-Length: 0\r\n\r\n'), outcome: rejected(400) },
  { name: 'bare LF line ends', send: b('POST /lf HTTP/1.1\nHost: h\nContent-Length: 2\n\nhi'), outcome: rejected(400) },
  { name: 'header without a colon', send: b('GET / HTTP/1.1\r\nHost h\r\n\r\n'), outcome: rejected(400) },
  { name: 'invalid method', send: b('G@T / HTTP/1.1\r\nHost: h\r\n\r\n'), outcome: rejected(400) },
  { name: 'space in the path', send: b('GET /a b HTTP/1.1\r\nHost: h\r\n\r\n'), outcome: rejected(400) },
  { name: 'raw UTF-8 in the path', send: Buffer.from('GET /café HTTP/1.1\r\nHost: h\r\n\r\n', 'utf8'), outcome: rejected(400) },
  { name: 'TLS hello on the plain port', send: Buffer.from('16030100a5010000a10303', 'hex'), outcome: rejected(400) },
  { name: 'CONNECT tunnelling attempt', send: b('CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n'), outcome: rejected(405) },
  { name: 'missing Host', send: b('POST /nh HTTP/1.1\r\nContent-Length: 1\r\n\r\nx'), outcome: captured('/nh', 'x') },
  { name: 'Expect: 100-continue', send: b('POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok'), outcome: captured('/e', 'ok') },
  { name: 'Expect: 100-continue over the limit', send: b(`POST /e2 HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: ${tooBig.length}\r\n\r\n`), outcome: rejected(413) },
  { name: 'HTTP/1.0', send: b('POST /old HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc'), outcome: captured('/old', 'abc') },
  { name: 'three pipelined requests', send: Buffer.concat([post('/p', '', 'one'), post('/p', '', 'two'), post('/p', '', 'three')]), outcome: captured('/p', 'three', { count: 3 }) },
  // Path traversal strings are data, kept as sent.
  { name: 'dot-dot path', send: post('/../../etc/passwd', '', 't'), outcome: captured('/../../etc/passwd', 't') },
  { name: 'encoded dot-dot path', send: post('/%2e%2e/%2e%2e/etc/passwd', '', 't'), outcome: captured('/%2e%2e/%2e%2e/etc/passwd', 't') },
  { name: 'backslash traversal', send: post('/..%5c..%5cwindows%5cwin.ini', '', 't'), outcome: captured('/..%5c..%5cwindows%5cwin.ini', 't') },
  { name: 'traversal in the query', send: post('/q?file=../../etc/passwd', '', 't'), outcome: captured('/q', 't', { query: 'file=../../etc/passwd' }) },
  { name: 'absolute-form target', send: post('http://evil.example/x', '', 't'), outcome: captured('http://evil.example/x', 't') },
  // HTML and script payloads, stored as they came (the UI must show them as text).
  { name: 'script in the path', send: post(`/${script}`, '', 'x'), outcome: captured(`/${script}`, 'x') },
  { name: 'script in a header', send: post('/xh', `X-Event: ${script}\r\n`, 'x'), outcome: captured('/xh', 'x', { header: ['X-Event', script] }) },
  { name: 'script as the event type', send: post('/xb', json, JSON.stringify({ type: script, data: img })), outcome: captured('/xb', JSON.stringify({ type: script, data: img })) },
  { name: 'HTML page as the body', send: post('/xp', 'Content-Type: text/html\r\n', `<html><body>${img}${script}</body></html>`), outcome: captured('/xp', `<html><body>${img}${script}</body></html>`) },
  { name: 'SVG with script', send: post('/xs', 'Content-Type: image/svg+xml\r\n', `<svg onload="window.__hookscopePwned=3"><script>window.__hookscopePwned=4</script></svg>`), outcome: captured('/xs', `<svg onload="window.__hookscopePwned=3"><script>window.__hookscopePwned=4</script></svg>`) },
];

/** Requests whose payloads try to run script in the UI; the e2e test renders these. */
export const SCRIPT_PAYLOADS = CORPUS.filter((c) => c.name.startsWith('script') || ['HTML page as the body', 'SVG with script'].includes(c.name));
