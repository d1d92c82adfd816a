import { describe, expect, it } from 'vitest';
import { backoffDelay, cappedDelay, formatSeconds } from '../../../src-main/core/tunnel/backoff';

const cfg = { baseMs: 1000, capMs: 60_000 };

describe('backoff', () => {
  it('grows exponentially up to the cap, never below the base', () => {
    expect(backoffDelay(1, cfg, () => 0.999)).toBe(1000);
    expect(backoffDelay(2, cfg, () => 1)).toBe(2000);
    expect(backoffDelay(4, cfg, () => 1)).toBe(8000);
    expect(backoffDelay(50, cfg, () => 1)).toBe(60_000);
    for (const r of [0, 0.3, 0.7]) expect(backoffDelay(10, cfg, () => r)).toBeGreaterThanOrEqual(1000);
  });

  it('jitters over the whole range', () => {
    expect(backoffDelay(4, cfg, () => 0)).toBe(1000);
    expect(backoffDelay(4, cfg, () => 0.5)).toBe(4500);
  });

  it('keeps the failed-state retry near the cap', () => {
    expect(cappedDelay(cfg, () => 0)).toBe(48_000);
    expect(cappedDelay(cfg, () => 1)).toBe(60_000);
  });

  it('survives nonsense settings without a zero delay', () => {
    expect(backoffDelay(1, { baseMs: 0, capMs: 0 }, () => 0)).toBeGreaterThan(0);
    expect(cappedDelay({ baseMs: 0, capMs: 0 }, () => 0)).toBeGreaterThan(0);
  });

  it('formats seconds for reasons', () => {
    expect(formatSeconds(10_000)).toBe('10 s');
    expect(formatSeconds(200)).toBe('0.2 s');
    expect(formatSeconds(1500)).toBe('1.5 s');
  });
});
