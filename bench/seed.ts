// A stored session of N events per stream, written through the real store (the format serve reads).
import { join } from 'node:path';
import type { PollEvent, PushEvent } from '../src-main/contract/model';
import { EventStore } from '../src-main/core/store/event-log';

export async function seedSession(dataDir: string, perStream: number): Promise<void> {
  const store = await EventStore.open(join(dataDir, 'sessions', 'default'), { retentionPerStream: perStream, flushMs: 50 });
  const start = Date.now() - perStream * 1000;
  for (let i = 0; i < perStream; i++) {
    const t = start + i * 1000;
    const key = `evt_${i}`;
    // Every 50th body is large (64 KB): such bodies must stay on disk, not in the index.
    const data = i % 50 === 0 ? { blob: 'x'.repeat(64 * 1024) } : { lead: `lead_${i}`, note: 'y'.repeat(900) };
    const body = JSON.stringify({ id: key, type: i % 3 === 0 ? 'lead.replied' : 'lead.created', created_at: t, data });
    const push: PushEvent = {
      id: `push_${i.toString(36).padStart(8, '0')}`, stream: 'push', receivedAt: new Date(t).toISOString(), t,
      summary: i % 3 === 0 ? 'lead.replied' : 'lead.created', size: Buffer.byteLength(body), matchKey: key, sourceTime: t,
      method: 'POST', path: '/hooks/bench', query: '', contentType: 'application/json', remoteAddress: '127.0.0.1', via: 'direct',
      status: 200, headers: [['Host', '127.0.0.1'], ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))]],
      body, bodyEncoding: 'utf8',
    };
    const item = { id: key, status: i % 3 === 0 ? 'replied' : 'new', updated_at: t + 2000, name: `Lead ${i}` };
    const poll: PollEvent = {
      id: `poll_${i.toString(36).padStart(8, '0')}`, stream: 'poll', receivedAt: new Date(t + 2500).toISOString(), t: t + 2500,
      summary: `new ${key}`, size: JSON.stringify(item).length, matchKey: key, sourceTime: t + 2000,
      sourceId: 'bench', pollId: `rec_${i}`, itemId: key, change: 'new', item,
    };
    store.appendPush(push);
    store.appendPoll([poll]);
    if (i % 5000 === 4999) await store.flush();
  }
  await store.close();
}
