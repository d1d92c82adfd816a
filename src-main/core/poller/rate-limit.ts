// What an API says about how often it may be asked: Retry-After, rate-limit budgets (GitHub's
// x-ratelimit-*, the IETF RateLimit/RateLimit-Policy draft, older RateLimit-* fields) and GitHub's
// X-Poll-Interval. Pure functions of the headers and the current time.
import type { RateBudget } from '../../contract/model';

/** Retry-After as a wait in ms: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** GitHub's X-Poll-Interval (seconds) in ms. */
export function parsePollInterval(value: string | null | undefined): number | undefined {
  if (!value || !/^\s*\d+\s*$/.test(value)) return undefined;
  const seconds = Number(value);
  return seconds > 0 ? seconds * 1000 : undefined;
}

function int(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** A reset field that may be epoch seconds (GitHub) or seconds from now (most others). */
function resetOf(value: number | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  return value > 1e9 ? value * 1000 : now + value * 1000;
}

/** `"name";q=100;w=60` → the parameters of the first item of a structured-field list. */
function sfParams(value: string): Record<string, number> {
  const first = value.split(',')[0] ?? '';
  const params: Record<string, number> = {};
  for (const part of first.split(';').slice(1)) {
    const [key, raw] = part.split('=').map((s) => s.trim());
    if (key && raw !== undefined && /^\d+(\.\d+)?$/.test(raw)) params[key] = Number(raw);
  }
  return params;
}

export function parseRateBudget(headers: Headers, now: number): RateBudget | undefined {
  const ietf = headers.get('ratelimit');
  if (ietf !== null && ietf.includes(';')) {
    const r = sfParams(ietf);
    const policy = headers.get('ratelimit-policy');
    const q = policy ? sfParams(policy).q : undefined;
    if (r.r !== undefined || r.t !== undefined) {
      return clean({ source: 'ietf', remaining: r.r, resetAt: r.t !== undefined ? now + r.t * 1000 : undefined, limit: q });
    }
  }
  // The earlier IETF draft: RateLimit-Limit / -Remaining / -Reset (seconds from now).
  const oldRemaining = int(headers.get('ratelimit-remaining'));
  if (oldRemaining !== undefined) {
    const reset = int(headers.get('ratelimit-reset'));
    return clean({ source: 'ietf', remaining: oldRemaining, limit: int(headers.get('ratelimit-limit')), resetAt: reset !== undefined ? now + reset * 1000 : undefined });
  }
  const remaining = int(headers.get('x-ratelimit-remaining'));
  if (remaining !== undefined) {
    const isGitHub = headers.has('x-ratelimit-used') || headers.has('x-ratelimit-resource') || headers.has('x-github-request-id');
    return clean({
      source: isGitHub ? 'github' : 'x-ratelimit',
      remaining,
      limit: int(headers.get('x-ratelimit-limit')),
      resetAt: resetOf(int(headers.get('x-ratelimit-reset')), now),
    });
  }
  return undefined;
}

function clean(budget: RateBudget): RateBudget {
  return Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined)) as unknown as RateBudget;
}

export interface Pace {
  delayMs: number;
  reason?: string;
  /** True when the API itself said to wait (counts as a rate-limit wait). */
  rateLimited: boolean;
}

/**
 * The wait before the next poll given what the last response said. Retry-After wins over every
 * other header; an empty budget waits for its reset; a shrinking one spreads what is left over the
 * time to the reset, keeping a tenth in reserve for the user's own use of the same token.
 */
export function paceFrom(opts: {
  baseDelayMs: number;
  retryAfterMs?: number;
  pollIntervalMs?: number;
  budget?: RateBudget;
  requestsPerPoll: number;
  now: number;
}): Pace {
  const { baseDelayMs, retryAfterMs, pollIntervalMs, budget, now } = opts;
  if (retryAfterMs !== undefined) {
    return { delayMs: Math.max(baseDelayMs, retryAfterMs), reason: `the API asked to wait ${seconds(retryAfterMs)} (Retry-After)`, rateLimited: true };
  }
  let delayMs = baseDelayMs;
  let reason: string | undefined;
  let rateLimited = false;
  if (pollIntervalMs !== undefined && pollIntervalMs > delayMs) {
    delayMs = pollIntervalMs;
    reason = `the API asks for at most one poll every ${seconds(pollIntervalMs)} (X-Poll-Interval)`;
  }
  if (budget?.remaining !== undefined && budget.resetAt !== undefined && budget.resetAt > now) {
    const untilReset = budget.resetAt - now;
    const reserve = budget.limit !== undefined ? Math.ceil(budget.limit * 0.1) : 1;
    const usable = budget.remaining - reserve;
    if (budget.remaining <= 0 || usable < opts.requestsPerPoll) {
      if (untilReset > delayMs) {
        delayMs = untilReset;
        reason = `rate limit ${budget.remaining === 0 ? 'used up' : 'nearly used up'} (${budget.remaining} left): waiting for its reset in ${seconds(untilReset)}`;
        rateLimited = budget.remaining <= 0;
      }
    } else {
      const paced = Math.ceil((untilReset * opts.requestsPerPoll) / usable);
      if (paced > delayMs) {
        delayMs = paced;
        reason = `slowing down to make ${budget.remaining} remaining requests last until the reset in ${seconds(untilReset)}`;
      }
    }
  }
  return { delayMs, reason, rateLimited };
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
