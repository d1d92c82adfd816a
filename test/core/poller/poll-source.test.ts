import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { configFor, serve, watch } from './harness';

const ITEMS = [
  { id: 1, type: 'order.created', created_at: '2024-05-01T10:00:00Z' },
  { id: 2, type: 'order.created', created_at: '2024-05-01T10:01:00Z' },
  { id: 3, name: 'third' },
];

describe('PollSource: baseline and diffs', () => {
  it('takes the first poll as baseline, then reports new, changed and removed items', async () => {
    const server = await serve(ITEMS);
    const { source, records, changes } = watch(configFor(server.url));

    const first = await source.pollNow();
    expect(first).toMatchObject({ sourceId: 'src_1', status: 200, baseline: true, itemCount: 3, newCount: 0, changedCount: 0, removedCount: 0 });
    expect(first.error).toBeUndefined();
    expect(first.bytes).toBe(Buffer.byteLength(JSON.stringify(ITEMS)));
    expect(records).toEqual([first]);
    expect(changes).toHaveLength(1);
    expect(changes[0].map((e) => [e.itemId, e.change])).toEqual([['1', 'baseline'], ['2', 'baseline'], ['3', 'baseline']]);
    const e1 = changes[0][0];
    expect(e1).toMatchObject({
      stream: 'poll',
      sourceId: 'src_1',
      pollId: first.id,
      itemId: '1',
      summary: 'order.created',
      size: Buffer.byteLength(JSON.stringify(ITEMS[0])),
      sourceTime: Date.parse('2024-05-01T10:00:00Z'),
      item: ITEMS[0],
    });
    expect(e1.id).toMatch(/^poll_/);
    expect(e1.matchKey).toBeUndefined();
    expect(e1.t).toBeGreaterThanOrEqual(first.t);
    expect(e1.receivedAt).toBe(new Date(Math.floor(e1.t)).toISOString());
    expect(changes[0][2].summary).toBe('third');
    expect(source.status).toMatchObject({ itemsKnown: 3, polls: 1, lastStatus: 200, state: 'idle' });

    server.setItems([{ id: 4, title: 'fourth' }, { ...ITEMS[1], type: 'order.paid' }, ITEMS[0]]);
    const second = await source.pollNow();
    expect(second).toMatchObject({ status: 200, itemCount: 3, newCount: 1, changedCount: 1, removedCount: 1 });
    expect(second.baseline).toBeUndefined();
    expect(changes).toHaveLength(2);
    expect(changes[1].map((e) => [e.itemId, e.change, e.pollId])).toEqual([
      ['4', 'new', second.id],
      ['2', 'changed', second.id],
      ['3', 'removed', second.id],
    ]);
    expect(changes[1][1].item).toMatchObject({ type: 'order.paid' });
    expect(changes[1][2].item).toEqual(ITEMS[2]);
    expect(source.status).toMatchObject({ itemsKnown: 3, polls: 2 });
  });

  it('emits no changes when nothing changed, even if the API reorders keys', async () => {
    const server = await serve([{ id: 1, a: 1, b: { c: 1, d: 2 } }]);
    const { source, changes } = watch(configFor(server.url));
    await source.pollNow();
    server.setItems([{ b: { d: 2, c: 1 }, a: 1, id: 1 }]);
    const record = await source.pollNow();
    expect(record).toMatchObject({ status: 200, itemCount: 1, newCount: 0, changedCount: 0, removedCount: 0 });
    expect(changes).toHaveLength(1);
  });

  it('treats numeric and string ids as the same item', async () => {
    const server = await serve([{ id: 7, v: 'a' }]);
    const { source, changes } = watch(configFor(server.url));
    await source.pollNow();
    server.setItems([{ id: '7', v: 'a' }]);
    const record = await source.pollNow();
    // Same id, different JSON (7 vs "7"): one changed item, not a removal plus a new one.
    expect(record).toMatchObject({ newCount: 0, removedCount: 0, changedCount: 1 });
    expect(changes[1].map((e) => [e.itemId, e.change])).toEqual([['7', 'changed']]);
  });

  it('baselines an empty list, then reports what appears as new', async () => {
    const server = await serve([]);
    const { source, changes } = watch(configFor(server.url));
    expect(await source.pollNow()).toMatchObject({ baseline: true, itemCount: 0 });
    expect(changes).toHaveLength(0);
    server.setItems([{ id: 'a' }]);
    expect(await source.pollNow()).toMatchObject({ newCount: 1 });
    expect(changes[0][0]).toMatchObject({ itemId: 'a', change: 'new', summary: 'a' });
  });

  it('keeps the first of duplicate ids and says so in a warning without failing the poll', async () => {
    const server = await serve([{ id: 1, v: 'first' }, { id: 1, v: 'second' }, { noId: true }]);
    const { source, changes } = watch(configFor(server.url));
    const record = await source.pollNow();
    expect(record.status).toBe(200);
    expect(record.itemCount).toBe(3);
    expect(record.error).toBe(
      'warning: 1 item without an id at "id" (skipped) — check the id path; duplicate ids in one response (kept the first): 1',
    );
    expect(changes[0].map((e) => e.item)).toEqual([{ id: 1, v: 'first' }]);
    expect(source.status.lastError).toBeUndefined();
    expect(source.status.itemsKnown).toBe(1);
  });

  it('reads ids at a nested id path', async () => {
    const server = await serve([{ meta: { key: 'k1' } }, { meta: { key: 'k2' } }]);
    const { source, changes } = watch(configFor(server.url, { idPath: 'meta.key' }));
    await source.pollNow();
    expect(changes[0].map((e) => e.itemId)).toEqual(['k1', 'k2']);
  });
});

describe('PollSource: items path', () => {
  const items = [{ id: 'x' }];

  it.each([
    ['a bare array', { kind: 'array' } as const, ''],
    ['data[] (Stripe)', { kind: 'data' } as const, ''],
    ['items[] (GitHub search)', { kind: 'items' } as const, ''],
    ['an explicit path', { kind: 'path', path: 'result.list' } as const, 'result.list'],
  ])('finds %s', async (_label, shape, itemsPath) => {
    const server = await serve(items, { shape });
    const { source, changes } = watch(configFor(server.url, { itemsPath }));
    const record = await source.pollNow();
    expect(record.error).toBeUndefined();
    expect(record.itemCount).toBe(1);
    expect(changes[0][0].itemId).toBe('x');
  });

  it('records a clear error when no items array is found, and keeps nothing', async () => {
    const server = await serve(items, { shape: { kind: 'object' } });
    const { source, changes } = watch(configFor(server.url));
    const record = await source.pollNow();
    expect(record).toMatchObject({ status: 200, itemCount: 0, error: 'no items array found (looked at body, data, items) — set the items path' });
    expect(changes).toHaveLength(0);
    expect(source.status).toMatchObject({ lastError: record.error, itemsKnown: 0 });
  });

  it('records a clear error when an explicit path is wrong', async () => {
    const server = await serve(items, { shape: { kind: 'data' } });
    const { source } = watch(configFor(server.url, { itemsPath: 'results' }));
    expect((await source.pollNow()).error).toBe('no items array at "results" (found nothing) — check the items path');
  });
});

describe('PollSource: conditional requests', () => {
  it('sends If-None-Match with the ETag and takes a 304 as nothing changed, without a diff', async () => {
    const server = await serve(ITEMS, { etag: true, lastModified: true });
    const { source, records, changes } = watch(configFor(server.url));
    await source.pollNow();
    expect(server.requests[0].headers['if-none-match']).toBeUndefined();
    expect(server.requests[0].headers.accept).toBe('application/json');

    const record = await source.pollNow();
    expect(server.requests[1].headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
    // With an ETag the date validator is redundant (servers ignore it), so it is not sent.
    expect(server.requests[1].headers['if-modified-since']).toBeUndefined();
    expect(record).toMatchObject({ status: 304, notModified: true, bytes: 0, itemCount: 0, newCount: 0, changedCount: 0, removedCount: 0 });
    expect(record.error).toBeUndefined();
    expect(changes).toHaveLength(1);
    expect(records).toHaveLength(2);
    expect(source.status).toMatchObject({ itemsKnown: 3, lastStatus: 304 });

    server.setItems([...ITEMS, { id: 9 }]);
    const third = await source.pollNow();
    expect(third).toMatchObject({ status: 200, newCount: 1 });
    expect(third.notModified).toBeUndefined();
    expect(changes[1].map((e) => [e.itemId, e.change])).toEqual([['9', 'new']]);
  });

  it('falls back to Last-Modified / If-Modified-Since when there is no ETag', async () => {
    const server = await serve(ITEMS, { lastModified: true });
    const { source, changes } = watch(configFor(server.url));
    await source.pollNow();

    const record = await source.pollNow();
    expect(server.requests[1].headers['if-modified-since']).toMatch(/GMT$/);
    expect(server.requests[1].headers['if-none-match']).toBeUndefined();
    expect(record).toMatchObject({ status: 304, notModified: true });

    server.setItems([{ id: 1, type: 'order.refunded' }]);
    const third = await source.pollNow();
    expect(third).toMatchObject({ status: 200, changedCount: 1, removedCount: 2 });
    expect(changes).toHaveLength(2);
  });

  it('drops validators when the headers change, so the next poll is a full one', async () => {
    const server = await serve(ITEMS, { etag: true });
    const { source } = watch(configFor(server.url));
    await source.pollNow();
    source.update(configFor(server.url, { headers: [['authorization', 'Bearer other']] }));
    const record = await source.pollNow();
    expect(server.requests[1].headers['if-none-match']).toBeUndefined();
    expect(server.requests[1].headers.authorization).toBe('Bearer other');
    // Same url and paths: the items are still known, so this is a diff, not a new baseline.
    expect(record).toMatchObject({ status: 200, newCount: 0, changedCount: 0, removedCount: 0 });
    expect(record.baseline).toBeUndefined();
  });

  it('leaves a validator the user set themselves alone', async () => {
    const server = await serve(ITEMS, { etag: true });
    const { source } = watch(configFor(server.url, { headers: [['If-None-Match', '"mine"'], ['Accept', 'application/vnd.api+json']] }));
    await source.pollNow();
    await source.pollNow();
    expect(server.requests[1].headers['if-none-match']).toBe('"mine"');
    expect(server.requests[1].headers.accept).toBe('application/vnd.api+json');
  });
});

describe('PollSource: failures are recorded and polling goes on', () => {
  it('records non-2xx, HTML, closed connections and bad items, then recovers with the known items intact', async () => {
    const server = await serve(ITEMS);
    const { source, records, changes } = watch(configFor(server.url));
    await source.pollNow();

    server.set({ status: 500 });
    const r500 = await source.pollNow();
    expect(r500).toMatchObject({ status: 500, error: 'HTTP 500 Internal Server Error', itemCount: 0 });
    expect(r500.bytes).toBeGreaterThan(0);
    expect(source.status).toMatchObject({ lastStatus: 500, lastError: 'HTTP 500 Internal Server Error', itemsKnown: 3 });

    server.set({ status: undefined, html: true });
    const rHtml = await source.pollNow();
    expect(rHtml.status).toBe(200);
    expect(rHtml.error).toBe('response is not JSON: <!DOCTYPE html> <html><head><title>Sign in</title></head><body>Please sign in</b');
    expect(rHtml.error!.length).toBe('response is not JSON: '.length + 80);

    server.set({ html: false, closeConnection: true });
    const rClosed = await source.pollNow();
    expect(rClosed.status).toBeNull();
    expect(rClosed.error).toMatch(/^network error: .+/);

    server.set({ closeConnection: false, rawBody: { body: '', contentType: 'application/json' } });
    expect((await source.pollNow()).error).toBe('response is not JSON: (empty body)');

    server.set({ rawBody: undefined });
    server.setItems([...ITEMS, { id: 4 }]);
    const good = await source.pollNow();
    expect(good).toMatchObject({ status: 200, newCount: 1, changedCount: 0, removedCount: 0 });
    expect(good.error).toBeUndefined();
    expect(source.status.lastError).toBeUndefined();
    expect(changes.map((c) => c.map((e) => e.change))).toEqual([['baseline', 'baseline', 'baseline'], ['new']]);
    expect(records).toHaveLength(6);
    expect(source.status.polls).toBe(6);
  });

  it('takes the first good poll as the baseline when the API failed from the start', async () => {
    const server = await serve(ITEMS, { status: 503 });
    const { source, changes } = watch(configFor(server.url));
    expect((await source.pollNow()).error).toBe('HTTP 503 Service Unavailable');
    server.set({ status: undefined });
    expect(await source.pollNow()).toMatchObject({ baseline: true, itemCount: 3 });
    expect(changes[0].every((e) => e.change === 'baseline')).toBe(true);
  });

  it('times out a slow response and says after how long', async () => {
    const server = await serve(ITEMS, { delayMs: 5_000 });
    const { source } = watch(configFor(server.url), { timeoutMs: 150 });
    const record = await source.pollNow();
    expect(record).toMatchObject({ status: null, error: 'timed out after 150 ms' });
    await vi.waitFor(() => expect(server.inFlight).toBe(0));
  });

  it('times out a body that stalls after the headers', async () => {
    const server = await serve(ITEMS, { bodyDelayMs: 5_000 });
    const { source } = watch(configFor(server.url), { timeoutMs: 150 });
    const record = await source.pollNow();
    expect(record).toMatchObject({ status: 200, error: 'timed out after 150 ms' });
  });

  it('reports a refused connection with its code', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const { source } = watch(configFor(`http://127.0.0.1:${port}/items`));
    const record = await source.pollNow();
    expect(record.status).toBeNull();
    expect(record.error).toMatch(/^network error: .*ECONNREFUSED/);
    expect(source.status.lastError).toBe(record.error);
  });

  it('refuses a body over the size limit, declared or streamed', async () => {
    const big = JSON.stringify([{ id: 1, pad: 'x'.repeat(5_000) }]);
    const server = await serve([], { rawBody: { body: big, contentType: 'application/json' } });
    const { source } = watch(configFor(server.url), { maxBodyBytes: 1_000 });
    const declared = await source.pollNow();
    expect(declared.error).toBe(`response too large: ${(big.length / 1024).toFixed(1).replace(/\.0$/, '')} KB declared, the limit is 1000 bytes (not read)`);
    expect(declared.bytes).toBe(0);

    // Headers flushed before the body: chunked, no content-length, so the cap applies while reading.
    server.set({ bodyDelayMs: 1 });
    const streamed = await source.pollNow();
    expect(streamed.error).toBe('response too large: over the limit of 1000 bytes (stopped reading)');
    expect(streamed.bytes).toBeGreaterThan(1_000);
    expect(source.status.itemsKnown).toBe(0);
  });

  it('stops reading a never-ending stream once it passes the limit', async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const fakeFetch: typeof fetch = () => Promise.resolve(new Response(endless, { status: 200 }));
    const { source } = watch(configFor('http://127.0.0.1:9/items'), { fetch: fakeFetch, maxBodyBytes: 1024 * 1024 });
    const record = await source.pollNow();
    expect(record.error).toBe('response too large: over the limit of 1 MB (stopped reading)');
    expect(pulls).toBeLessThan(40);
  });

  it('rejects an invalid URL or header without sending anything', async () => {
    const fakeFetch = vi.fn<typeof fetch>();
    const { source } = watch(configFor('not a url'), { fetch: fakeFetch });
    expect(await source.pollNow()).toMatchObject({ status: null, error: 'invalid URL: "not a url"' });

    source.update(configFor('ftp://127.0.0.1/items'));
    expect((await source.pollNow()).error).toBe('invalid URL: only http and https are supported, got "ftp:"');

    source.update(configFor('http://127.0.0.1:9/items', { headers: [['bad header', 'x']] }));
    expect((await source.pollNow()).error).toMatch(/^invalid header: /);
    expect(fakeFetch).not.toHaveBeenCalled();
    expect(source.status.polls).toBe(3);
  });

  it('refuses an update that changes the source id', () => {
    const { source } = watch(configFor('http://127.0.0.1:9/items'));
    expect(() => source.update({ ...source.config, id: 'other' })).toThrow(/ids cannot change/);
  });
});

describe('PollSource: scheduling', () => {
  it('polls on start and again after each interval, never overlapping a slow poll', async () => {
    const server = await serve(ITEMS, { delayMs: 60 });
    const { source, records, statuses } = watch(configFor(server.url, { intervalMs: 10 }));
    source.start();
    await vi.waitFor(() => expect(server.inFlight).toBe(1));
    expect(source.status.state).toBe('polling');
    // Asking for a poll while one is running joins it rather than starting a second request.
    const joined = source.pollNow();
    expect(source.pollNow()).toBe(joined);

    await vi.waitFor(() => expect(records.length).toBeGreaterThanOrEqual(4), { timeout: 5_000 });
    expect(server.maxConcurrent).toBe(1);
    expect(records.every((r) => r.status === 200)).toBe(true);
    // Each wait is measured from the end of the previous poll.
    for (let i = 1; i < records.length; i++) {
      expect(records[i].t).toBeGreaterThanOrEqual(records[i - 1].t + records[i - 1].durationMs);
    }
    expect(statuses.some((s) => s.state === 'waiting' && s.nextPollAt !== undefined)).toBe(true);
  });

  it('stop aborts the poll in flight and schedules nothing more', async () => {
    const server = await serve(ITEMS, { delayMs: 10_000 });
    const { source, records } = watch(configFor(server.url, { intervalMs: 10 }));
    source.start();
    await vi.waitFor(() => expect(server.inFlight).toBe(1));
    source.stop();
    expect(source.status).toMatchObject({ state: 'stopped', nextPollAt: undefined });
    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]).toMatchObject({ status: null, error: 'aborted: source stopped' });
    await vi.waitFor(() => expect(server.inFlight).toBe(0));
    expect(source.status).toMatchObject({ state: 'stopped', nextPollAt: undefined });
    // An abort is not the API's fault.
    expect(source.status.lastError).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('a one-off poll on a stopped source leaves it stopped', async () => {
    const server = await serve(ITEMS);
    const { source, statuses } = watch(configFor(server.url));
    source.stop();
    expect(await source.pollNow()).toMatchObject({ status: 200, baseline: true });
    expect(statuses.map((s) => s.state)).toEqual(['stopped', 'polling', 'stopped']);
    expect(source.status.nextPollAt).toBeUndefined();
  });

  it('starts polling again after a stop', async () => {
    const server = await serve(ITEMS, { delayMs: 10_000 });
    const { source, records } = watch(configFor(server.url, { intervalMs: 60_000 }));
    source.start();
    await vi.waitFor(() => expect(server.inFlight).toBe(1));
    source.stop();
    server.set({ delayMs: 0 });
    source.start();
    await vi.waitFor(() => expect(records.filter((r) => r.status === 200)).toHaveLength(1));
    expect(source.status.state).toBe('waiting');
    expect(source.status.nextPollAt).toBeGreaterThan(records[records.length - 1].t);
  });

  it('backs off on consecutive errors, no sooner than the interval, and recovers', async () => {
    const clock = 1_000_000;
    const server = await serve(ITEMS, { status: 500 });
    const { source, records, statuses } = watch(configFor(server.url, { intervalMs: 20 }), { now: () => clock, random: () => 1 });
    source.start();
    await vi.waitFor(() => expect(records.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    const errorWaits = statuses.filter((s) => s.state === 'error').map((s) => s.nextPollAt! - clock);
    expect(errorWaits.slice(0, 3)).toEqual([40, 80, 160]);

    server.set({ status: undefined });
    await vi.waitFor(() => expect(records.some((r) => r.status === 200)).toBe(true), { timeout: 5_000 });
    await vi.waitFor(() => expect(source.status.state).toBe('waiting'));
    expect(source.status).toMatchObject({ nextPollAt: clock + 20, lastError: undefined, lastStatus: 200 });
  });

  it('update with the same url and paths keeps the known items; a new url starts a new baseline', async () => {
    const server = await serve(ITEMS);
    const { source, records, changes } = watch(configFor(server.url, { intervalMs: 60_000 }));
    source.start();
    await vi.waitFor(() => expect(records).toHaveLength(1));

    source.update(configFor(server.url, { intervalMs: 30_000, name: 'renamed' }));
    expect(source.config.name).toBe('renamed');
    expect(source.status.itemsKnown).toBe(3);
    expect(records).toHaveLength(1);
    server.setItems([...ITEMS, { id: 5 }]);
    expect(await source.pollNow()).toMatchObject({ newCount: 1 });

    source.update(configFor(`${server.url}?page=1`, { intervalMs: 30_000 }));
    expect(source.status.itemsKnown).toBe(0);
    // A changed url polls straight away so the new baseline does not wait a whole interval.
    await vi.waitFor(() => expect(records).toHaveLength(3));
    expect(records[2]).toMatchObject({ baseline: true, itemCount: 4 });
    expect(changes[2].every((e) => e.change === 'baseline')).toBe(true);
  });

  it('a settings change during a poll aborts it and polls again with the new settings', async () => {
    const server = await serve(ITEMS, { delayMs: 10_000, shape: { kind: 'data' } });
    const { source, records } = watch(configFor(server.url, { intervalMs: 60_000 }));
    source.start();
    await vi.waitFor(() => expect(server.inFlight).toBe(1));
    server.set({ delayMs: 0 });
    source.update(configFor(server.url, { intervalMs: 60_000, itemsPath: 'data' }));
    await vi.waitFor(() => expect(records).toHaveLength(2));
    expect(records[0].error).toBe('aborted: settings changed');
    expect(records[1]).toMatchObject({ status: 200, baseline: true, itemCount: 3 });
    expect(source.status.state).toBe('waiting');
  });

  it('keeps its schedule when a listener throws', async () => {
    const server = await serve(ITEMS);
    const { source, records } = watch(configFor(server.url, { intervalMs: 10 }));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    source.once('record', () => {
      throw new Error('listener bug');
    });
    source.start();
    await vi.waitFor(() => expect(records.length).toBeGreaterThanOrEqual(2));
    expect(errors).toHaveBeenCalledWith('hookscope: a poll source listener threw', expect.any(Error));
    errors.mockRestore();
  });
});
