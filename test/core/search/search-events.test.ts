import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HookEvent } from '../../../src-main/contract/model';
import { searchEvents, SearchCancelledError } from '../../../src-main/core/search/search-events';
import { createSession, type Session } from '../../../src-main/core/session';
import { EventStore } from '../../../src-main/core/store/event-log';
import { binary, pollEvent, pushEvent } from '../store/fixtures';

const stores: EventStore[] = [];
const sessions: Session[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hookscope-search-'));
  dirs.push(d);
  return d;
}

async function openStore(): Promise<EventStore> {
  // Bodies over 1 KB stay on disk: the search must read those too.
  const store = await EventStore.open(join(tempDir(), 'ses'), { retentionPerStream: 50_000, inlineBodyMax: 1024, flushMs: 10 });
  stores.push(store);
  return store;
}

// Like the store's iterator for in-memory records: each event comes without a turn of the event loop.
async function* many(n: number, make: (i: number) => HookEvent): AsyncIterable<HookEvent> {
  for (let i = 0; i < n; i++) yield await Promise.resolve(make(i));
}

describe('searchEvents', () => {
  it('finds header and body terms in memory and on disk, pushes and polled items, oldest first', async () => {
    const store = await openStore();
    const small = pushEvent('{"type":"lead.replied","n":1}', { headers: [['X-GitHub-Event', 'push']] });
    const big = pushEvent(JSON.stringify({ type: 'lead.replied', pad: 'x'.repeat(50_000) }));
    const other = pushEvent('{"type":"lead.created"}', { headers: [['X-GitHub-Event', 'issues']] });
    const bin = pushEvent(binary(2000));
    const item = pollEvent({ id: 7, status: 'Lead.Replied' });
    store.appendPush(small);
    store.appendPush(big);
    store.appendPush(other);
    store.appendPush(bin);
    store.appendPoll([item]);
    await store.flush();
    expect(await searchEvents(store.events(), 'body:"lead.replied"')).toEqual([small.id, big.id, item.id]);
    expect(await searchEvents(store.events(), 'header:x-github-event')).toEqual([small.id, other.id]);
    expect(await searchEvents(store.events(), 'header:x-github-event=issues')).toEqual([other.id]);
    expect(await searchEvents(store.events(), 'body:lead -body:replied')).toEqual([other.id]);
    // Row terms are the renderer's: the core ignores them and answers for header/body only.
    expect(await searchEvents(store.events(), 'method:GET body:created')).toEqual([other.id]);
    expect(await searchEvents(store.events(), 'body:nothing-like-this')).toEqual([]);
  });

  it('refuses a query without header/body terms and an over-long one, with a clear message', async () => {
    const store = await openStore();
    await expect(searchEvents(store.events(), 'method:POST')).rejects.toThrow(/no header: or body: term/);
    await expect(searchEvents(store.events(), `body:${'x'.repeat(2000)}`)).rejects.toThrow(/longer than 1000 characters/);
  });

  it('hands the event loop back while it scans, and stops when cancelled', async () => {
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const body = JSON.stringify({ pad: 'y'.repeat(4000) });
    const ids = await searchEvents(many(20_000, () => pushEvent(body)), 'body:zzz', { sliceMs: 2 });
    spinning = false;
    expect(ids).toEqual([]);
    // Capture would have had its turns: the loop ran many times during the scan.
    expect(turns).toBeGreaterThan(5);

    const ctl = new AbortController();
    let seen = 0;
    const counted = many(50_000, () => {
      seen++;
      if (seen === 100) ctl.abort('superseded by a newer search');
      return pushEvent(body);
    });
    await expect(searchEvents(counted, 'body:y', { signal: ctl.signal })).rejects.toThrow(SearchCancelledError);
    expect(seen).toBeLessThan(200);
  });
});

async function post(session: Session, path: string, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${session.receiverUrl}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve((JSON.parse(text) as { id: string }).id));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('session search command', () => {
  it('answers with the ids of captured webhooks and checks its argument', async () => {
    const session = await createSession({ dataDir: tempDir(), settings: { receiverPort: 0, demo: false }, flushMs: 10 });
    sessions.push(session);
    const a = await post(session, '/hooks', { 'content-type': 'application/json', 'x-github-event': 'push' }, '{"type":"lead.replied"}');
    await post(session, '/hooks', { 'content-type': 'application/json' }, '{"type":"lead.created"}');
    await vi.waitFor(async () => expect(await session.handle('search', ['body:replied'])).toEqual([a]));
    expect(await session.handle('search', ['header:x-github-event=push'])).toEqual([a]);
    await expect(session.handle('search', ['path:/hooks'])).rejects.toThrow(/no header: or body: term/);
    await expect(session.handle('search', [42 as unknown as string])).rejects.toThrow(/search needs a query string|bad arguments/);
  });
});
