// One high-resolution wall clock for every recorded time, so push and poll delays are comparable.
import { performance } from 'node:perf_hooks';

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function isoOf(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}
