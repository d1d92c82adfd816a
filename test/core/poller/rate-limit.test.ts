import { describe, expect, it } from 'vitest';
import { nextFromHasMore, nextFromLink } from '../../../src-main/core/poller/pagination';
import { paceFrom, parsePollInterval, parseRateBudget, parseRetryAfter } from '../../../src-main/core/poller/rate-limit';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates, and ignores nonsense', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it('X-Poll-Interval is whole seconds', () => {
    expect(parsePollInterval('60')).toBe(60_000);
    expect(parsePollInterval('0')).toBeUndefined();
    expect(parsePollInterval('abc')).toBeUndefined();
    expect(parsePollInterval(null)).toBeUndefined();
  });
});

describe('rate-limit budgets', () => {
  it('reads GitHub x-ratelimit-* with an epoch-seconds reset', () => {
    const h = new Headers({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '42', 'x-ratelimit-used': '18', 'x-ratelimit-reset': String(NOW / 1000 + 600) });
    expect(parseRateBudget(h, NOW)).toEqual({ source: 'github', limit: 60, remaining: 42, resetAt: NOW + 600_000 });
  });

  it('reads other vendors X-RateLimit-* with a reset in seconds from now', () => {
    const h = new Headers({ 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '7', 'x-ratelimit-reset': '30' });
    expect(parseRateBudget(h, NOW)).toEqual({ source: 'x-ratelimit', limit: 100, remaining: 7, resetAt: NOW + 30_000 });
  });

  it('reads the IETF RateLimit and RateLimit-Policy fields, and the older RateLimit-* trio', () => {
    const h = new Headers({ ratelimit: '"default";r=50;t=30', 'ratelimit-policy': '"default";q=100;w=60' });
    expect(parseRateBudget(h, NOW)).toEqual({ source: 'ietf', limit: 100, remaining: 50, resetAt: NOW + 30_000 });
    const old = new Headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '5' });
    expect(parseRateBudget(old, NOW)).toEqual({ source: 'ietf', limit: 10, remaining: 0, resetAt: NOW + 5_000 });
  });

  it('gives nothing for absent or malformed headers', () => {
    expect(parseRateBudget(new Headers(), NOW)).toBeUndefined();
    expect(parseRateBudget(new Headers({ 'x-ratelimit-remaining': 'lots' }), NOW)).toBeUndefined();
    expect(parseRateBudget(new Headers({ ratelimit: 'garbage' }), NOW)).toBeUndefined();
  });
});

describe('pacing', () => {
  const base = { baseDelayMs: 5_000, requestsPerPoll: 1, now: NOW };

  it('keeps the interval when nothing says otherwise', () => {
    expect(paceFrom(base)).toEqual({ delayMs: 5_000, reason: undefined, rateLimited: false });
  });

  it('Retry-After wins over every other header and counts as a rate-limit wait', () => {
    const pace = paceFrom({ ...base, retryAfterMs: 30_000, pollIntervalMs: 60_000, budget: { source: 'github', remaining: 0, resetAt: NOW + 600_000 } });
    expect(pace).toMatchObject({ delayMs: 30_000, rateLimited: true });
    expect(pace.reason).toMatch(/Retry-After/);
    // A shorter Retry-After than the interval never polls faster than the user asked.
    expect(paceFrom({ ...base, retryAfterMs: 1_000 }).delayMs).toBe(5_000);
  });

  it('obeys X-Poll-Interval', () => {
    expect(paceFrom({ ...base, pollIntervalMs: 60_000 })).toMatchObject({ delayMs: 60_000, rateLimited: false });
  });

  it('slows down before the budget runs out, and waits for the reset once it has', () => {
    const slow = paceFrom({ ...base, budget: { source: 'github', limit: 60, remaining: 16, resetAt: NOW + 100_000 } });
    // 16 left minus a reserve of 6: 10 polls spread over 100 s.
    expect(slow.delayMs).toBe(10_000);
    expect(slow.reason).toMatch(/slowing down/);
    const empty = paceFrom({ ...base, budget: { source: 'ietf', remaining: 0, resetAt: NOW + 30_000 } });
    expect(empty).toMatchObject({ delayMs: 30_000, rateLimited: true });
    const plenty = paceFrom({ ...base, budget: { source: 'github', limit: 5000, remaining: 4999, resetAt: NOW + 3_600_000 } });
    expect(plenty.delayMs).toBe(5_000);
    // A reset in the past is stale and changes nothing.
    expect(paceFrom({ ...base, budget: { source: 'github', remaining: 0, resetAt: NOW - 1 } }).delayMs).toBe(5_000);
  });
});

describe('pagination links', () => {
  it('finds rel="next" among other links and resolves it against the request URL', () => {
    const link = '<https://api.github.com/repos/o/r/events?page=1>; rel="prev", <https://api.github.com/repos/o/r/events?page=3>; rel="next", <x?page=9>; rel="last"';
    expect(nextFromLink(link, 'https://api.github.com/repos/o/r/events?page=2')).toBe('https://api.github.com/repos/o/r/events?page=3');
    expect(nextFromLink('</v1/items?page=2>; rel=next', 'http://127.0.0.1:1/v1/items')).toBe('http://127.0.0.1:1/v1/items?page=2');
    expect(nextFromLink('<a>; rel="last"', 'http://h/')).toBeUndefined();
    expect(nextFromLink('not a link', 'http://h/')).toBeUndefined();
    expect(nextFromLink(null, 'http://h/')).toBeUndefined();
  });

  it('continues a Stripe list after the last id only when has_more is true', () => {
    const items = [{ id: 'evt_3' }, { id: 'evt_2' }];
    expect(nextFromHasMore({ has_more: true, data: items }, items, 'id', 'https://api.stripe.com/v1/events?limit=2')).toBe(
      'https://api.stripe.com/v1/events?limit=2&starting_after=evt_2',
    );
    expect(nextFromHasMore({ has_more: false, data: items }, items, 'id', 'https://x/')).toBeUndefined();
    expect(nextFromHasMore({ has_more: true, data: [] }, [], 'id', 'https://x/')).toBeUndefined();
    expect(nextFromHasMore({ has_more: true }, [{ name: 'no id' }], 'id', 'https://x/')).toBeUndefined();
  });
});
