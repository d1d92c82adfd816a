// What another poll interval would give, from the event rate seen so far: events arriving as a
// Poisson stream land uniformly inside an interval, so polling every I finds each one I/2 late on
// average (0.95·I at p95), plus the time a poll request takes, at 3600/I requests an hour.

export const WHAT_IF_INTERVALS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

export interface WhatIfPoint {
  intervalMs: number;
  expectedDelayMs: number;
  p95DelayMs: number;
  requestsPerHour: number;
  /** Share of polls expected to find nothing. */
  emptyShare: number;
  eventsPerPoll: number;
}

export interface WhatIfInput {
  /** Logical events per second seen so far. */
  eventsPerSec: number;
  /** Median duration of a poll request (ms). */
  requestMs: number;
  currentIntervalMs?: number;
  /** What this session measured at the current interval. */
  measured?: { intervalMs: number; pollDelayP50Ms?: number; requestsPerHour?: number };
  intervals?: readonly number[];
}

export interface WhatIf {
  eventsPerSec: number;
  points: WhatIfPoint[];
  current?: WhatIfPoint;
  measured?: WhatIfInput['measured'];
}

export function whatIfPoint(intervalMs: number, eventsPerSec: number, requestMs: number): WhatIfPoint {
  const perPoll = (eventsPerSec * intervalMs) / 1000;
  return {
    intervalMs,
    expectedDelayMs: intervalMs / 2 + requestMs,
    p95DelayMs: intervalMs * 0.95 + requestMs,
    requestsPerHour: 3_600_000 / intervalMs,
    emptyShare: Math.exp(-perPoll),
    eventsPerPoll: perPoll,
  };
}

export function whatIf(input: WhatIfInput): WhatIf {
  const rate = Number.isFinite(input.eventsPerSec) && input.eventsPerSec > 0 ? input.eventsPerSec : 0;
  const requestMs = Number.isFinite(input.requestMs) && input.requestMs > 0 ? input.requestMs : 0;
  const intervals = input.intervals ?? WHAT_IF_INTERVALS_MS;
  return {
    eventsPerSec: rate,
    points: intervals.map((ms) => whatIfPoint(ms, rate, requestMs)),
    ...(input.currentIntervalMs !== undefined && { current: whatIfPoint(input.currentIntervalMs, rate, requestMs) }),
    ...(input.measured && { measured: input.measured }),
  };
}
