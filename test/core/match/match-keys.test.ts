import { describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../src-main/contract/model';
import { pollKeyAndTime, pushKeyAndTime } from '../../../src-main/core/match/match-keys';

const settings = { pushKey: 'id', pollKey: 'id', timePath: '' };

function pushWith(body: string, extra: Partial<PushEvent> = {}): PushEvent {
  return {
    id: 'p', stream: 'push', receivedAt: '', t: 0, summary: '', size: Buffer.byteLength(body), method: 'POST', path: '/',
    query: '', remoteAddress: '', via: 'direct', status: 200, headers: [['X-GitHub-Delivery', 'd-1']], body, bodyEncoding: 'utf8', ...extra,
  };
}

describe('match keys', () => {
  it('reads the key and an auto-detected source time from a JSON body', () => {
    expect(pushKeyAndTime(pushWith('{"id":"evt_1","created_at":"2026-01-01T00:00:00.000Z"}'), settings)).toEqual({
      matchKey: 'evt_1',
      sourceTime: Date.parse('2026-01-01T00:00:00.000Z'),
    });
  });

  it('takes Stripe-style epoch seconds and nested paths', () => {
    const s = { pushKey: 'data.object.id', pollKey: 'id', timePath: 'created' };
    expect(pushKeyAndTime(pushWith('{"created":1614265330,"data":{"object":{"id":42}}}'), s)).toEqual({ matchKey: '42', sourceTime: 1614265330000 });
  });

  it('reads a header key case-insensitively', () => {
    expect(pushKeyAndTime(pushWith('not json'), { ...settings, pushKey: 'header:x-github-delivery' }).matchKey).toBe('d-1');
  });

  it('gives no key for non-JSON, broken JSON, binary and rejected bodies', () => {
    expect(pushKeyAndTime(pushWith('hello'), settings)).toEqual({ matchKey: undefined, sourceTime: undefined });
    expect(pushKeyAndTime(pushWith('{"id":'), settings).matchKey).toBeUndefined();
    expect(pushKeyAndTime(pushWith('AAEC', { bodyEncoding: 'base64' }), settings).matchKey).toBeUndefined();
    expect(pushKeyAndTime(pushWith('{"id":"x"}', { rejected: 'too big' }), settings).matchKey).toBeUndefined();
  });

  it('joins numeric and string ids on the poll side', () => {
    expect(pollKeyAndTime({ item: { id: 7, timestamp: 1_700_000_000_000 } }, settings)).toEqual({ matchKey: '7', sourceTime: 1_700_000_000_000 });
  });
});

describe('match key templates', () => {
  it('combines fields of the body and headers, and gives no key when a part is missing', () => {
    const s = { pushKey: '{type}:{data.id}', pollKey: '{kind}:{object.id}', timePath: '' };
    expect(pushKeyAndTime(pushWith('{"type":"issue","data":{"id":7}}'), s).matchKey).toBe('issue:7');
    expect(pushKeyAndTime(pushWith('{"type":"issue"}'), s).matchKey).toBeUndefined();
    expect(pushKeyAndTime(pushWith('{"n":1}'), { ...s, pushKey: '{header:X-GitHub-Delivery}/{n}' }).matchKey).toBe('d-1/1');
    expect(pollKeyAndTime({ item: { kind: 'issue', object: { id: '7' } } }, s).matchKey).toBe('issue:7');
    expect(pollKeyAndTime({ item: { kind: 'issue' } }, s).matchKey).toBeUndefined();
  });
});

describe('match settings validation', () => {
  it('refuses a key template with unbalanced braces, naming the field', async () => {
    const { parseSettingsPatch } = await import('../../../src-main/core/validation');
    expect(() => parseSettingsPatch({ match: { pushKey: '{type:{id}' } })).toThrow(/match\.pushKey.*unbalanced/);
    expect(() => parseSettingsPatch({ match: { pollKey: 'id}' } })).toThrow(/match\.pollKey.*unbalanced/);
    expect(parseSettingsPatch({ match: { pushKey: '{type}:{data.id}', pollKey: '{type}:{id}' } })).toEqual({ match: { pushKey: '{type}:{data.id}', pollKey: '{type}:{id}' } });
  });
});
