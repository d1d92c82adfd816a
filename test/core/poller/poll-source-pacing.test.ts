// Pacing, pagination, updated-at detection, auth and the bad inputs the first tests do not cover,
// all against the scriptable test API. Timing claims are checked on the API's own request log.
import { describe, expect, it, vi } from 'vitest';
import { configFor, serve, watch } from './harness';

const items = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ id: from + n - 1 - i, type: 'evt' }));

describe('PollSource: rate limits', () => {
  it('a 429 with Retry-After: 3 is not asked again for 3 s, then polling goes on at the interval', async () => {
    const server = await serve([{ id: 1 }], { status: 429, retryAfter: 3 });
    const { source, records } = watch(configFor(server.url, { intervalMs: 500 }));
    source.start();
    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]).toMatchObject({ status: 429, error: 'HTTP 429 Too Many Requests' });
    await vi.waitFor(() => expect(source.status.nextPollAt).toBeDefined());
    expect(source.status.waitReason).toMatch(/wait 3 s \(Retry-After\)/);
    expect(records[0].rateLimitWaitMs).toBe(3000);
    expect(source.status.cost).toMatchObject({ rateLimitWaits: 1, rateLimitWaitMs: 3000 });
    server.set({ status: undefined });
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThanOrEqual(3), { timeout: 8000, interval: 50 });
    const [first, second, third] = server.requests;
    expect(second.at - first.at).toBeGreaterThanOrEqual(3000);
    // Back to the 500 ms interval after the success: well under the 3 s.
    expect(third.at - second.at).toBeLessThan(3000);
    expect(source.status.waitReason).toBeUndefined();
  }, 15_000);

  it('honours Retry-After as an HTTP-date on a 503', async () => {
    const server = await serve([], { status: 503, retryAfter: new Date(Date.now() + 40_000) });
    const { source, records } = watch(configFor(server.url, { intervalMs: 500 }));
    source.start();
    await vi.waitFor(() => expect(source.status.nextPollAt).toBeDefined());
    const wait = (source.status.nextPollAt ?? 0) - records[0].t;
    expect(wait).toBeGreaterThan(35_000);
    expect(wait).toBeLessThan(42_000);
    expect(source.status.waitReason).toMatch(/Retry-After/);
    expect(server.requests).toHaveLength(1);
  });

  it('a 429 without headers is an error with exponential backoff, not a hammering', async () => {
    const server = await serve([], { status: 429 });
    const { source, records } = watch(configFor(server.url, { intervalMs: 500 }), { random: () => 1 });
    source.start();
    await vi.waitFor(() => expect(source.status.nextPollAt).toBeDefined());
    expect(records[0].error).toBe('HTTP 429 Too Many Requests (no Retry-After: backing off)');
    expect(source.status.state).toBe('error');
    expect((source.status.nextPollAt ?? 0) - records[0].t).toBeGreaterThanOrEqual(1000);
  });

  it('shows the GitHub budget and slows down before it runs out', async () => {
    const reset = Math.floor(Date.now() / 1000) + 100;
    const server = await serve([{ id: 1 }], {
      extraHeaders: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '16', 'x-ratelimit-used': '44', 'x-ratelimit-reset': String(reset) },
    });
    const { source } = watch(configFor(server.url, { intervalMs: 1000 }));
    source.start();
    await vi.waitFor(() => expect(source.status.nextPollAt).toBeDefined());
    expect(source.status.budget).toEqual({ source: 'github', limit: 60, remaining: 16, resetAt: reset * 1000 });
    expect(source.status.waitReason).toMatch(/slowing down/);
    const wait = (source.status.nextPollAt ?? 0) - (source.status.lastPollAt ?? 0);
    // 10 usable requests (a tenth kept in reserve) spread over what is left of the 100 s.
    expect(wait).toBeGreaterThan(8_000);
    expect(source.status.cost?.rateLimitWaits).toBe(0);
  });

  it('waits for the reset when an IETF RateLimit budget is used up', async () => {
    const server = await serve([{ id: 1 }], { extraHeaders: { ratelimit: '"default";r=0;t=30', 'ratelimit-policy': '"default";q=100;w=60' } });
    const { source } = watch(configFor(server.url, { intervalMs: 1000 }));
    source.start();
    await vi.waitFor(() => expect(source.status.nextPollAt).toBeDefined());
    expect(source.status.budget).toMatchObject({ source: 'ietf', limit: 100, remaining: 0 });
    expect((source.status.nextPollAt ?? 0) - (source.status.lastPollAt ?? 0)).toBeGreaterThan(29_000);
    expect(source.status.waitReason).toMatch(/used up/);
    expect(source.status.cost?.rateLimitWaits).toBe(1);
  });

  it('a GitHub 403 with the budget used up waits for the reset, counted as a rate-limit wait', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    const server = await serve([], {
      status: 403,
      extraHeaders: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '60', 'x-ratelimit-reset': String(reset) },
    });
    const { source, records } = watch(configFor(server.url, { intervalMs: 1000 }));
    source.start();
    await vi.waitFor(() => expect(source.status.nextPollAt).toBeDefined());
    expect(records[0].error).toBe('HTTP 403 Forbidden');
    expect(source.status.nextPollAt).toBeGreaterThanOrEqual(reset * 1000 - 1000);
    expect(source.status.waitReason).toMatch(/used up \(0 left\)/);
    expect(source.status.cost?.rateLimitWaits).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('obeys X-Poll-Interval', async () => {
    const server = await serve([{ id: 1 }], { extraHeaders: { 'x-poll-interval': '60' } });
    const { source } = watch(configFor(server.url, { intervalMs: 1000 }));
    source.start();
    await vi.waitFor(() => expect(source.status.nextPollAt).toBeDefined());
    expect((source.status.nextPollAt ?? 0) - (source.status.lastPollAt ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect(source.status.waitReason).toMatch(/X-Poll-Interval/);
  });
});

describe('PollSource: conditional requests cost 304s and no diff work', () => {
  it('counts requests, bytes, 304s, empty polls and diffs', async () => {
    const server = await serve(items(3), { etag: true });
    const { source, events: changes } = watch(configFor(server.url));
    await source.pollNow();
    for (let i = 0; i < 3; i += 1) expect(await source.pollNow()).toMatchObject({ status: 304, notModified: true, bytes: 0, itemCount: 0 });
    expect(changes.filter((c) => c.change !== 'baseline')).toEqual([]);
    expect(source.status.cost).toMatchObject({ polls: 4, requests: 4, notModified: 3, emptyPolls: 3, diffs: 1 });
    expect(server.requests.slice(1).every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
  });
});

describe('PollSource: pagination within a poll', () => {
  it('follows Link rel="next" to baseline, then stops at the first page holding known items', async () => {
    const server = await serve(items(12), { paginate: { style: 'link', pageSize: 5 } });
    const { source, events: changes } = watch(configFor(server.url));
    const first = await source.pollNow();
    expect(first).toMatchObject({ status: 200, itemCount: 12, requests: 3, baseline: true });
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/items', '/v1/items?page=2', '/v1/items?page=3']);

    server.setItems([...items(2, 13), ...server.items.slice(0, -1)]);
    const second = await source.pollNow();
    // One page reached known items; the rest of the list was not asked for, and nothing counts as removed.
    expect(second).toMatchObject({ newCount: 2, removedCount: 0, changedCount: 0 });
    expect(second.requests).toBeUndefined();
    expect(changes.filter((c) => c.change === 'new').map((c) => c.itemId)).toEqual(['14', '13']);
    expect(source.status.itemsKnown).toBe(14);
    expect(source.status.cost?.requests).toBe(4);
  });

  it('follows Stripe has_more with starting_after', async () => {
    const server = await serve(items(7).map((it) => ({ ...it, id: `evt_${it.id}` })), { paginate: { style: 'has_more', pageSize: 3 } });
    const { source } = watch(configFor(`${server.url}?limit=3`, { itemsPath: 'data' }));
    expect(await source.pollNow()).toMatchObject({ itemCount: 7, requests: 3 });
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/items?limit=3', '/v1/items?limit=3&starting_after=evt_5', '/v1/items?limit=3&starting_after=evt_2']);
  });

  it('stops at the page limit and says so', async () => {
    const server = await serve(items(30), { paginate: { style: 'link', pageSize: 5 } });
    const { source } = watch(configFor(server.url, { maxPages: 2 }));
    const record = await source.pollNow();
    expect(record).toMatchObject({ itemCount: 10, requests: 2 });
    expect(record.error).toMatch(/^warning: .*page limit \(2 pages\)/);
    expect(server.requests).toHaveLength(2);
  });

  it('reports removals only for a list without pages', async () => {
    const server = await serve(items(8), { paginate: { style: 'link', pageSize: 5 } });
    const { source } = watch(configFor(server.url));
    await source.pollNow();
    server.setItems(server.items.filter((it) => (it as { id: number }).id !== 8));
    expect(await source.pollNow()).toMatchObject({ removedCount: 0 });
    server.set({ paginate: undefined });
    server.setItems(server.items.filter((it) => (it as { id: number }).id !== 7));
    expect(await source.pollNow()).toMatchObject({ removedCount: 2 });
  });

  it('a failing later page fails the poll and keeps what was known', async () => {
    const server = await serve(items(8), { paginate: { style: 'link', pageSize: 5 } });
    const { source } = watch(configFor(server.url));
    await source.pollNow();
    server.setItems([...items(6, 9), ...server.items]);
    const realFetch = globalThis.fetch;
    let breakPage2 = false;
    const failing: typeof fetch = (input, init) =>
      breakPage2 && String(input instanceof Request ? input.url : input).includes('page=2')
        ? Promise.reject(new TypeError('fetch failed', { cause: new Error('socket hang up') }))
        : realFetch(input, init);
    const second = watch(configFor(server.url, { id: 'src_2' }), { fetch: failing });
    await second.source.pollNow();
    server.setItems([...items(6, 20), ...server.items]);
    breakPage2 = true;
    const record = await second.source.pollNow();
    expect(record.error).toBe('page 2: network error: socket hang up');
    expect(record.itemCount).toBe(0);
    expect(second.source.status.itemsKnown).toBe(14);
  });
});

describe('PollSource: change detection by updated-at path', () => {
  it('judges changes by the updated-at value, not the content', async () => {
    const server = await serve([{ id: 1, n: 1, meta: { updated_at: '2024-01-01T00:00:00Z' } }]);
    const { source } = watch(configFor(server.url, { updatedAtPath: 'meta.updated_at' }));
    await source.pollNow();
    server.setItems([{ id: 1, n: 2, meta: { updated_at: '2024-01-01T00:00:00Z' } }]);
    expect(await source.pollNow()).toMatchObject({ changedCount: 0 });
    server.setItems([{ id: 1, n: 2, meta: { updated_at: '2024-01-02T00:00:00Z' } }]);
    expect(await source.pollNow()).toMatchObject({ changedCount: 1 });
  });

  it('falls back to the content hash for items without the field', async () => {
    const server = await serve([{ id: 1, n: 1 }]);
    const { source } = watch(configFor(server.url, { updatedAtPath: 'updated_at' }));
    await source.pollNow();
    server.setItems([{ id: 1, n: 2 }]);
    expect(await source.pollNow()).toMatchObject({ changedCount: 1 });
  });
});

describe('PollSource: auth', () => {
  const secretOf = (value: string) => ({ get: (id: string) => (id === 'src_1' ? value : undefined) });

  it.each([
    [{ kind: 'bearer' } as const, 'authorization', 'Bearer s3cret-token'],
    [{ kind: 'basic', username: 'ann' } as const, 'authorization', `Basic ${Buffer.from('ann:s3cret-token').toString('base64')}`],
    [{ kind: 'apiKeyHeader', name: 'X-Api-Key' } as const, 'x-api-key', 's3cret-token'],
  ])('sends %o', async (auth, header, value) => {
    const server = await serve([{ id: 1 }]);
    const { source, records } = watch(configFor(server.url, { auth }), { secrets: secretOf('s3cret-token') });
    await source.pollNow();
    expect(server.requests[0].headers[header]).toBe(value);
    expect(JSON.stringify([records, source.status, source.config])).not.toContain('s3cret');
  });

  it('puts an API key in the query without it reaching the config or the record', async () => {
    const server = await serve([{ id: 1 }]);
    const { source, records } = watch(configFor(`${server.url}?limit=5`, { auth: { kind: 'apiKeyQuery', name: 'api_key' } }), { secrets: secretOf('s3cret-token') });
    await source.pollNow();
    expect(server.requests[0].url).toBe('/v1/items?limit=5&api_key=s3cret-token');
    expect(JSON.stringify([records, source.status, source.config])).not.toContain('s3cret');
  });

  it('refuses to poll without the secret, saying where to enter it', async () => {
    const server = await serve([{ id: 1 }]);
    const { source } = watch(configFor(server.url, { auth: { kind: 'bearer' } }));
    const record = await source.pollNow();
    expect(record.error).toMatch(/^auth: no secret stored for this source/);
    expect(server.requests).toHaveLength(0);
    expect(source.status.cost?.requests).toBe(0);
  });
});

describe('PollSource: more bad input, each recorded and survived', () => {
  it('a DNS failure names the host and the code', async () => {
    const dnsFail: typeof fetch = () =>
      Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND' }) }));
    const { source } = watch(configFor('http://api.example.invalid/v1/items'), { fetch: dnsFail });
    const record = await source.pollNow();
    expect(record).toMatchObject({ status: null, error: 'network error: getaddrinfo ENOTFOUND api.example.invalid' });
    expect(source.status.state).toBe('idle');
    expect(source.status.lastError).toMatch(/ENOTFOUND/);
  });

  it('a redirect loop ends after a bounded number of hops', async () => {
    const server = await serve([{ id: 1 }], { redirectLoop: true });
    const { source } = watch(configFor(server.url));
    const record = await source.pollNow();
    expect(record.status).toBeNull();
    expect(record.error).toMatch(/redirect/i);
    expect(server.requests.length).toBeLessThanOrEqual(21);
    server.set({ redirectLoop: false });
    expect(await source.pollNow()).toMatchObject({ status: 200, baseline: true, itemCount: 1 });
  });

  it('a 20 MB response is read within the default cap, and refused clearly under a smaller one', async () => {
    const big = Array.from({ length: 20_000 }, (_, i) => ({ id: i, pad: 'x'.repeat(1000) }));
    const server = await serve(big);
    const roomy = watch(configFor(server.url));
    const ok = await roomy.source.pollNow();
    expect(ok).toMatchObject({ status: 200, itemCount: 20_000 });
    expect(ok.bytes).toBeGreaterThan(20_000_000);
    const tight = watch(configFor(server.url, { id: 'src_2' }), { maxBodyBytes: 10 * 1024 * 1024 });
    const refused = await tight.source.pollNow();
    expect(refused.error).toMatch(/^response too large: .*10 MB/);
    expect(tight.source.status.itemsKnown).toBe(0);
  }, 20_000);

  it('ids that are numbers in one poll and strings in the next are the same items', async () => {
    const server = await serve([{ id: 1, v: 'a' }, { id: 2, v: 'b' }]);
    const { source } = watch(configFor(server.url));
    await source.pollNow();
    server.setItems([{ id: '1', v: 'a' }, { id: '2', v: 'b' }]);
    // Same ids; the items differ only by the id's JSON type, so they show as changed, never new or removed.
    expect(await source.pollNow()).toMatchObject({ newCount: 0, removedCount: 0 });
  });
});
