import { randomBytes } from 'node:crypto';
import type { PollEvent, PollRecord, PushEvent } from '../../../src-main/contract/model';
import { encodeBody } from '../../../src-main/core/body-codec';

let n = 0;

export function pushEvent(body: Buffer | string = `{"id":"evt_${n}"}`, extra: Partial<PushEvent> = {}): PushEvent {
  n += 1;
  const t = 1_800_000_000_000 + n + 0.25;
  return {
    id: `push_${String(n).padStart(6, '0')}`, stream: 'push', receivedAt: new Date(Math.floor(t)).toISOString(), t,
    summary: `POST /hook ${n}`, size: Buffer.byteLength(body), method: 'POST', path: '/hook', query: '', remoteAddress: '127.0.0.1',
    via: 'direct', status: 200, headers: [['Content-Type', 'application/json'], ['X-Dup', 'a'], ['x-dup', 'b']],
    ...encodeBody(Buffer.isBuffer(body) ? body : Buffer.from(body)), ...extra,
  };
}

export function pollEvent(item: unknown = { id: n, name: 'héllo ✓ 日本' }): PollEvent {
  n += 1;
  return {
    id: `poll_${String(n).padStart(6, '0')}`, stream: 'poll', receivedAt: new Date().toISOString(), t: 1_800_000_000_000 + n,
    summary: `item ${n}`, size: JSON.stringify(item).length, sourceId: 'src1', pollId: 'rec_1', itemId: String(n), change: 'new', item,
  };
}

export function pollRecord(): PollRecord {
  n += 1;
  return {
    id: `rec_${String(n).padStart(6, '0')}`, sourceId: 'src1', t: 1_800_000_000_000 + n, receivedAt: new Date().toISOString(), status: 200,
    durationMs: 12.5, bytes: 300, itemCount: 3, newCount: 1, changedCount: 0, removedCount: 0,
  };
}

export const binary = (size: number): Buffer => Buffer.concat([Buffer.from([0, 0xff, 0xc3, 0x28]), randomBytes(size)]);
