import { describe, expect, it, vi } from 'vitest';
import type { MatchSettings, PushEvent } from '../../src-main/contract/model';
import { JsonBody } from '../../src-main/core/json-body';
import { pushKeyAndTime } from '../../src-main/core/match/match-keys';
import { summarizePush } from '../../src-main/core/push-summary';

const settings: MatchSettings = { pushKey: 'id', pollKey: 'id', timePath: 'created_at' };

function event(body: string): PushEvent {
  return {
    id: 'push_1', stream: 'push', receivedAt: '2026-01-01T00:00:00.000Z', t: 1, summary: '', size: Buffer.byteLength(body),
    method: 'POST', path: '/h', query: '', remoteAddress: '127.0.0.1', via: 'direct', status: 200,
    headers: [['Content-Type', 'application/json']], body, bodyEncoding: 'utf8',
  };
}

describe('JsonBody', () => {
  it('parses once, on first use, and says undefined for text that is not JSON', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const json = new JsonBody('{"id":"evt_1"}');
      expect(parse).not.toHaveBeenCalled();
      const first = json.value();
      expect(json.value()).toBe(first);
      expect(first).toEqual({ id: 'evt_1' });
      expect(parse).toHaveBeenCalledTimes(1);
      expect(new JsonBody('{"id":').value()).toBeUndefined();
      expect(new JsonBody('null').value()).toBeNull();
    } finally {
      parse.mockRestore();
    }
  });

  it('is shared by the summary, the match key and the source time: one parse for all three', () => {
    const text = '{"id":"evt_9","type":"lead.created","created_at":"2026-01-01T00:00:01Z"}';
    const ev = event(text);
    const json = new JsonBody(text);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const summary = summarizePush({ method: 'POST', path: '/h', headers: ev.headers, contentType: 'application/json', body: Buffer.from(text), json });
      const keyed = pushKeyAndTime(ev, settings, json);
      expect(summary).toBe('lead.created');
      expect(keyed).toEqual({ matchKey: 'evt_9', sourceTime: Date.parse('2026-01-01T00:00:01Z') });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
    // Without the shared parse each one parses on its own, with the same results.
    expect(pushKeyAndTime(ev, settings)).toEqual(pushKeyAndTime(ev, settings, json));
  });

  it('is ignored when it is not the event\'s body', () => {
    const ev = event('{"id":"evt_real"}');
    expect(pushKeyAndTime(ev, settings, new JsonBody('{"id":"evt_other"}')).matchKey).toBe('evt_real');
  });
});
