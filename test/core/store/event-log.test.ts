import { appendFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HookEvent, PushEvent } from '../../../src-main/contract/model';
import { decodeBody } from '../../../src-main/core/body-codec';
import { EVENTS_FILE, EventStore, type EventStoreOptions } from '../../../src-main/core/store/event-log';
import { binary, pollEvent, pollRecord, pushEvent } from './fixtures';

let dir: string;
let file: string;
const stores: EventStore[] = [];

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'hookscope-events-')), 'sessions', 'ses_1');
  file = join(dir, EVENTS_FILE);
});

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  await rm(join(dir, '..', '..'), { recursive: true, force: true });
});

async function openStore(opts: Partial<EventStoreOptions> = {}): Promise<EventStore> {
  const store = await EventStore.open(dir, { retentionPerStream: 50_000, ...opts });
  stores.push(store);
  return store;
}

async function lines(): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((l) => l !== '');
}

const bytesOf = (ev: HookEvent | null): Buffer => {
  const push = ev as PushEvent;
  return decodeBody(push.body, push.bodyEncoding);
};

describe('EventStore persistence', () => {
  it('round-trips every kind of record across close and reopen, bodies byte for byte', async () => {
    const store = await openStore();
    const text = pushEvent('héllo ✓ 日本');
    const bin = pushEvent(binary(500));
    const big = pushEvent(binary(200_000));
    const empty = pushEvent('');
    const polls = [pollEvent(), pollEvent({ id: 'x', nested: { list: [1, 2, 3] } })];
    const rec = pollRecord();
    for (const ev of [text, bin, big, empty]) store.appendPush(ev);
    store.appendPoll(polls);
    store.appendPollRecord(rec);
    expect(bytesOf(await store.get(big.id)).equals(decodeBody(big.body, big.bodyEncoding))).toBe(true); // still pending
    await store.close();
    expect(() => store.appendPush(pushEvent())).toThrow(/closed/);

    const again = await openStore();
    expect(again.pushRows().map((r) => r.id)).toEqual([text.id, bin.id, big.id, empty.id]);
    expect(again.pushRows()[0]).not.toHaveProperty('body');
    expect(again.pushRows()[0]).not.toHaveProperty('headers');
    expect(again.pollRows().map((r) => r.id)).toEqual(polls.map((p) => p.id));
    expect(again.pollRows()[0]).not.toHaveProperty('item');
    expect(again.pollRecords()).toEqual([rec]);
    expect(await again.get(text.id)).toEqual(text);
    expect(bytesOf(await again.get(bin.id)).equals(decodeBody(bin.body, bin.bodyEncoding))).toBe(true);
    expect(await again.get(big.id)).toEqual(big);
    expect(await again.get(empty.id)).toEqual(empty);
    expect(await again.get(polls[1].id)).toEqual(polls[1]);
    expect(await again.get(rec.id)).toBeNull();
    expect(await again.get('nope')).toBeNull();
    // The large body is read back from the file by offset, not held in memory.
    expect(again.stats.inlineBytes).toBeLessThan(10_000);
    const exported: string[] = [];
    for await (const ev of again.events()) exported.push(ev.id);
    expect(exported).toEqual([text.id, bin.id, big.id, empty.id, ...polls.map((p) => p.id)]);
  });

  it('batches many appends into one write per flush window', async () => {
    const store = await openStore({ flushMs: 50 });
    for (let i = 0; i < 1000; i++) store.appendPush(pushEvent());
    expect(store.stats.pending).toBe(1000);
    await vi.waitFor(() => expect(store.stats.flushes).toBe(1));
    expect(store.stats.pending).toBe(0);
    expect(await lines()).toHaveLength(1000);
    store.appendPush(pushEvent());
    store.appendPollRecord(pollRecord());
    await store.flush();
    expect(store.stats.flushes).toBe(2);
  });

  it('drops a torn last line, truncating the log back to the last complete record', async () => {
    const store = await openStore();
    const kept = [pushEvent(), pushEvent(binary(20_000))];
    kept.forEach((e) => store.appendPush(e));
    await store.close();
    const goodSize = (await stat(file)).size;
    await appendFile(file, '{"k":"push","id":"push_torn","stream":"pu');

    const onError = vi.fn();
    const again = await openStore();
    again.on('error', onError);
    expect(again.pushRows().map((r) => r.id)).toEqual(kept.map((e) => e.id));
    expect(again.openReport.truncatedBytes).toBe(41);
    expect((await stat(file)).size).toBe(goodSize);
    await vi.waitFor(() => expect(onError.mock.calls[0][0].message).toMatch(/removed 1 incomplete line\(s\) \(41 bytes\)/));
    const next = pushEvent();
    again.appendPush(next);
    await again.close();
    const third = await openStore();
    expect(third.openReport.messages).toEqual([]);
    expect(third.pushRows().map((r) => r.id)).toEqual([...kept, next].map((e) => e.id));
    expect(await third.get(kept[1].id)).toEqual(kept[1]);
  });

  it('keeps a complete last record whose newline was lost', async () => {
    const ev = pushEvent();
    await mkdir(dir, { recursive: true });
    await writeFile(file, JSON.stringify({ k: 'push', ...ev }));
    const store = await openStore();
    expect(await store.get(ev.id)).toEqual(ev);
    expect((await readFile(file, 'utf8')).endsWith('}\n')).toBe(true);
    store.appendPush(pushEvent());
    await store.flush();
    expect(await lines()).toHaveLength(2);
  });

  it('skips and reports a damaged line in the middle, loading the records around it', async () => {
    const store = await openStore({ inlineBodyMax: 10 });
    const [a, b] = [pushEvent('a body longer than ten bytes'), pushEvent('another long body here')];
    store.appendPush(a);
    await store.flush();
    await appendFile(file, 'garbage \x00\xff not json\n');
    store.appendPush(b); // the store must append after the foreign line without losing it or b
    await store.close();
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(3); // a, b and the trailing newline: the stray tail was cut on write

    await writeFile(file, text.replace('\n', '\n{"k":"push","broken":true}\nnot json either\n'));
    const again = await openStore({ inlineBodyMax: 10 });
    expect(again.openReport.corruptLines).toBe(2);
    expect(again.openReport.messages[0]).toMatch(/skipped 2 damaged line\(s\) starting at byte \d+/);
    expect(again.pushRows().map((r) => r.id)).toEqual([a.id, b.id]);
    expect(await again.get(b.id)).toEqual(b); // offsets stay right after the damaged lines
    // Reported problems wait for the first listener, however late it attaches.
    const errors: Error[] = [];
    again.on('error', (e) => errors.push(e));
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0].message).toBe(again.openReport.messages[0]);
  });

  it('evicts the oldest rows past the retention cap and compacts the log, keeping the newest', async () => {
    const store = await openStore({ retentionPerStream: 10, inlineBodyMax: 100 });
    const evicted: string[] = [];
    store.on('evicted', ({ stream, ids }) => {
      expect(stream).toBe('push');
      evicted.push(...ids);
    });
    const all: PushEvent[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 10; i++) {
        const ev = pushEvent(i % 3 === 0 ? binary(3000) : `small ${round}.${i}`);
        all.push(ev);
        store.appendPush(ev);
      }
      await store.flush();
    }
    const newest = all.slice(-10);
    expect(evicted).toEqual(all.slice(0, 40).map((e) => e.id));
    expect(store.pushRows().map((r) => r.id)).toEqual(newest.map((e) => e.id));
    expect(store.stats.compactions).toBeGreaterThanOrEqual(1);
    expect(store.stats.fileRecords).toBeLessThanOrEqual(20);
    expect((await lines()).length).toBe(store.stats.fileRecords);
    for (const ev of newest) expect(await store.get(ev.id)).toEqual(ev); // offsets recomputed
    expect(await store.get(all[0].id)).toBeNull();
    await store.close();

    const again = await openStore({ retentionPerStream: 10, inlineBodyMax: 100 });
    expect(again.pushRows().map((r) => r.id)).toEqual(newest.map((e) => e.id));
    for (const ev of newest) expect(await again.get(ev.id)).toEqual(ev);
    expect(again.openReport.messages).toEqual([]);
  });

  it('applies a lowered retention at once and compacts an old oversized log on open', async () => {
    const store = await openStore({ inlineBodyMax: 0 });
    const evs = Array.from({ length: 30 }, () => pushEvent(binary(100)));
    evs.forEach((e) => store.appendPush(e));
    store.appendPoll([pollEvent(), pollEvent()]);
    await store.flush();
    const evicted = vi.fn();
    store.on('evicted', evicted);
    store.setRetention(5);
    expect(evicted).toHaveBeenCalledWith({ stream: 'push', ids: evs.slice(0, 25).map((e) => e.id) });
    expect(() => store.setRetention(0)).toThrow(RangeError);
    await store.close();

    expect(await lines()).toHaveLength(32); // eviction alone does not rewrite the log
    const big = await openStore({ retentionPerStream: 3, inlineBodyMax: 0 });
    expect(big.pushRows().map((r) => r.id)).toEqual(evs.slice(-3).map((e) => e.id));
    expect(big.stats.compactions).toBe(1);
    expect(await lines()).toHaveLength(5);
    expect(await big.get(evs[29].id)).toEqual(evs[29]);
  });

  it('keeps only the most recent poll records', async () => {
    const store = await openStore();
    const recs = Array.from({ length: 10_005 }, () => pollRecord());
    recs.forEach((r) => store.appendPollRecord(r));
    expect(store.pollRecords()).toHaveLength(10_000);
    expect(store.pollRecords(2)).toEqual(recs.slice(-2));
    expect(store.pollRecords()[0]).toEqual(recs[5]);
  });
});

describe('EventStore read-only', () => {
  it('reads beside a writer without changing the log, even across the writer compacting it', async () => {
    const writer = await openStore({ retentionPerStream: 4, inlineBodyMax: 0 });
    const evs = Array.from({ length: 4 }, () => pushEvent(binary(5000)));
    evs.forEach((e) => writer.appendPush(e));
    await writer.flush();
    await appendFile(file, '{"k":"push","id":"half-writ');
    const sizeBefore = (await stat(file)).size;

    const reader = await openStore({ retentionPerStream: Number.MAX_SAFE_INTEGER, readOnly: true });
    expect(reader.pushRows().map((r) => r.id)).toEqual(evs.map((e) => e.id));
    expect(reader.openReport.messages[0]).toMatch(/ignored 1 incomplete line/);
    expect((await stat(file)).size).toBe(sizeBefore);
    expect(() => reader.appendPush(pushEvent())).toThrow(/read-only/);

    // The writer evicts everything the reader knows and compacts (a rename over the path).
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) writer.appendPush(pushEvent());
      await writer.flush();
    }
    expect(writer.stats.compactions).toBeGreaterThanOrEqual(1);
    const exported: HookEvent[] = [];
    for await (const ev of reader.events()) exported.push(ev);
    expect(exported).toEqual(evs);
    expect(await reader.get(evs[2].id)).toEqual(evs[2]);
  });

  it('opens a missing session folder as empty without creating it', async () => {
    const reader = await openStore({ readOnly: true });
    expect(reader.pushRows()).toEqual([]);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  });
});

describe('EventStore failures', () => {
  it('keeps events in memory when the log cannot be written, reports it, and recovers', async () => {
    const store = await openStore({ flushMs: 20 });
    const first = pushEvent();
    store.appendPush(first);
    await store.flush();
    const errors: Error[] = [];
    store.on('error', (e) => errors.push(e));

    // Running as root makes permission bits useless here; a directory in the file's place fails for anyone.
    await rename(file, `${file}.moved`);
    await mkdir(file);
    const pending = [pushEvent('while broken'), pushEvent(binary(50_000))];
    pending.forEach((e) => store.appendPush(e));
    store.appendPoll([pollEvent()]);
    await expect(store.flush()).rejects.toThrow(/could not write 3 event\(s\) to .*events\.ndjson/);
    expect(store.writeError).toMatch(/kept in memory and retried/);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(store.pushRows().map((r) => r.id)).toEqual([first.id, ...pending.map((e) => e.id)]);
    expect(await store.get(pending[1].id)).toEqual(pending[1]);
    expect(store.stats.pending).toBe(3);

    await rm(file, { recursive: true });
    await rename(`${file}.moved`, file);
    // The store retries on its own; no new append is needed.
    await vi.waitFor(() => expect(store.writeError).toBeUndefined(), { timeout: 5000 });
    expect(store.stats.pending).toBe(0);
    await store.close();

    const again = await openStore();
    expect(again.pushRows().map((r) => r.id)).toEqual([first.id, ...pending.map((e) => e.id)]);
    expect(await again.get(pending[1].id)).toEqual(pending[1]);
    expect(again.pollRows()).toHaveLength(1);
  });

  it('clears memory at once and truncates the log, keeping what comes after', async () => {
    const store = await openStore();
    for (let i = 0; i < 5; i++) store.appendPush(pushEvent(binary(20_000)));
    store.appendPollRecord(pollRecord());
    await store.flush();
    const cleared = store.clear();
    expect(store.pushRows()).toEqual([]);
    expect(store.pollRecords()).toEqual([]);
    const after = pushEvent();
    store.appendPush(after);
    await cleared;
    await store.close();
    const again = await openStore();
    expect(again.pushRows().map((r) => r.id)).toEqual([after.id]);
    expect(await lines()).toHaveLength(1);
  });

  it('reports a closed store, a bad retention, and a log path it cannot use', async () => {
    await expect(EventStore.open(dir, { retentionPerStream: -5 })).rejects.toThrow(/at least 1, got -5/);
    await mkdir(file, { recursive: true });
    await expect(EventStore.open(dir, { retentionPerStream: 10 })).rejects.toThrow(/could not open the event log .*events\.ndjson/);
  });
});

describe('EventStore log layout', () => {
  it('reads a log written in the older one-object-per-line layout, and appends row-first lines after it', async () => {
    const old = [pushEvent('{"id":"evt_old"}'), pushEvent(binary(300))];
    const oldPoll = pollEvent({ id: 'item_old', nested: [1, 2] });
    const rec = pollRecord();
    await mkdir(dir, { recursive: true });
    const v1 = [
      ...old.map((e) => ({ k: 'push', ...e })), { k: 'poll', ...oldPoll }, { k: 'rec', ...rec },
    ].map((o) => `${JSON.stringify(o)}\n`).join('');
    await writeFile(file, v1);

    const store = await openStore({ inlineBodyMax: 0 }); // every body read back from the file
    expect(store.openReport.messages).toEqual([]);
    expect(store.pushRows().map((r) => r.id)).toEqual(old.map((e) => e.id));
    expect(store.pushRows()[0]).not.toHaveProperty('body');
    expect(store.pollRows()[0]).not.toHaveProperty('item');
    expect(store.pollRecords()).toEqual([rec]);
    for (const ev of [...old, oldPoll]) expect(await store.get(ev.id)).toEqual(ev);
    const fresh = pushEvent('{"id":"evt_new"}');
    const freshRow = store.appendPush(fresh);
    expect(freshRow).toEqual(store.pushRows()[2]);
    expect(freshRow).not.toHaveProperty('body');
    await store.close();

    const written = await lines();
    expect(written.slice(0, 4).join('\n')).toBe(v1.trimEnd()); // old lines untouched
    const [row, payload] = written[4].split('\t');
    expect(JSON.parse(row)).toEqual(freshRow);
    expect(JSON.parse(payload)).toEqual({ headers: fresh.headers, body: fresh.body, bodyEncoding: fresh.bodyEncoding });

    const again = await openStore({ inlineBodyMax: 0 });
    expect(again.pushRows().map((r) => r.id)).toEqual([...old, fresh].map((e) => e.id));
    expect(await again.get(fresh.id)).toEqual(fresh);
    expect(await again.get(old[1].id)).toEqual(old[1]);
    const exported: HookEvent[] = [];
    for await (const ev of again.events()) exported.push(ev);
    expect(exported).toEqual([...old, oldPoll, fresh]);
  });

  it('skips a row-first line whose payload was damaged, and cuts a last line whose payload was torn off', async () => {
    const store = await openStore({ inlineBodyMax: 0 });
    const [a, b, c] = [pushEvent('{"a":1}'), pushEvent('{"b":2}'), pushEvent(binary(5000))];
    for (const ev of [a, b, c]) store.appendPush(ev);
    await store.close();
    const [la, lb, lc] = await lines();
    const torn = lc.slice(0, lc.indexOf('\t') + 40); // row whole, payload cut mid-body
    await writeFile(file, `${la}\n${lb.slice(0, -3)}\n${lc}\n${torn}`);

    const onError = vi.fn();
    const again = await openStore({ inlineBodyMax: 0 });
    again.on('error', onError);
    expect(again.pushRows().map((r) => r.id)).toEqual([a.id, c.id]);
    expect(again.openReport.corruptLines).toBe(1);
    expect(again.openReport.truncatedBytes).toBe(torn.length);
    expect(await again.get(c.id)).toEqual(c);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(2));
  });

  it('reports a damaged payload found only when the event is read', async () => {
    const store = await openStore({ inlineBodyMax: 0 });
    const ev = pushEvent('{"a":"bcdefgh"}');
    store.appendPush(ev);
    await store.close();
    // Same length, still brace-delimited, but no longer JSON: only a full parse can tell.
    const [line] = await lines();
    await writeFile(file, `${line.replace('"body"', '"bo"dy')}\n`);
    const again = await openStore({ inlineBodyMax: 0 });
    expect(again.pushRows().map((r) => r.id)).toEqual([ev.id]);
    await expect(again.get(ev.id)).rejects.toThrow(/could not read event .* are not event/);
  });
});
