import { describe, expect, it } from 'vitest';
import type { PushEvent } from '@contract/model';
import { capturedUrl, shellQuote } from '../../src-main/contract/curl';
import { draftOf, parseHeaderLines, requestOf } from '../../src-renderer/src/lib/replay-form';

function push(over: Partial<PushEvent>): PushEvent {
  return { id: 'p', stream: 'push', receivedAt: '', t: 0, summary: '', size: 0, method: 'POST', path: '/in', query: '', remoteAddress: '', via: 'direct', status: 200, headers: [], body: '', bodyEncoding: 'utf8', ...over };
}

describe('curl helpers', () => {
  it('quotes for the shell and builds the captured URL', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(capturedUrl('http://127.0.0.1:8787/', { path: '/a', query: 'b=1' })).toBe('http://127.0.0.1:8787/a?b=1');
  });
});

describe('replay form', () => {
  const ev = push({ headers: [['A', '1'], ['B', 'x: y']], body: 'hello' });

  it('round-trips the captured request through the editable fields', () => {
    const draft = draftOf(ev, 'http://127.0.0.1:1/in');
    expect(requestOf(ev, draft)).toEqual({ url: 'http://127.0.0.1:1/in', method: 'POST', headers: [['A', '1'], ['B', 'x: y']], body: 'hello', bodyEncoding: 'utf8' });
    expect(requestOf(push({ body: 'AAE=', bodyEncoding: 'base64' }), { ...draft, body: 'ignored' })).not.toHaveProperty('body');
  });

  it('names the field that is wrong', () => {
    const draft = draftOf(ev, 'http://127.0.0.1:1/in');
    expect(() => requestOf(ev, { ...draft, url: 'ftp://x' })).toThrow(/http/);
    expect(() => requestOf(ev, { ...draft, method: 'PO ST' })).toThrow(/method/);
    expect(() => parseHeaderLines('Good: 1\nno colon here')).toThrow('header line 2 is not "Name: value"');
  });
});
