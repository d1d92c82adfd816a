// One high-resolution wall clock for every recorded time, so push and poll delays are comparable.
import { performance } from 'node:perf_hooks';

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

// The ISO text of the last whole second: capture stamps thousands of events a second, and building a
// Date and its ISO string for each was a measurable part of a capture. Only the milliseconds change.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

export function isoOf(t: number): string {
  const ms = Math.floor(t);
  const second = Math.floor(ms / 1000);
  // Outside years 0000–9999 the ISO form is longer; Date handles those (and NaN) as it always has.
  if (second !== cachedSecond) {
    const iso = new Date(ms).toISOString();
    if (iso.length !== 24) return iso;
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 20);
  }
  const rest = ms - second * 1000;
  return `${cachedPrefix}${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}Z`;
}
