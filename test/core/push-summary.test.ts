import { describe, expect, it } from 'vitest';
import { summarizePush } from '../../src-main/core/push-summary';

const base = { method: 'POST', path: '/hook', headers: [] as [string, string][] };

describe('summarizePush', () => {
  it('names the event from the body, or from the provider header with its action', () => {
    expect(summarizePush({ ...base, contentType: 'application/json', body: Buffer.from('{"type":"charge.succeeded"}') })).toBe('charge.succeeded');
    expect(summarizePush({ ...base, headers: [['X-GitHub-Event', 'issues']], body: Buffer.from('{"action":"opened"}') })).toBe('issues.opened');
  });

  it('falls back to method, path and a content hint, clipped to one short line', () => {
    expect(summarizePush({ ...base, contentType: 'application/x-www-form-urlencoded', body: Buffer.from('a=1') })).toBe('POST /hook · form');
    expect(summarizePush({ ...base, contentType: 'application/json', body: Buffer.from('{not json') })).toBe('POST /hook · application/json');
    expect(summarizePush({ ...base, body: Buffer.from([1, 2, 3]) })).toBe('POST /hook · 3 bytes');
    const long = summarizePush({ ...base, path: `/${'a'.repeat(300)}`, body: Buffer.alloc(0) });
    expect(long.length).toBe(120);
    expect(long.endsWith('…')).toBe(true);
  });
});
