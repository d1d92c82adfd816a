import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, nextDelayMs } from '../../../src-main/core/poller/backoff';
import { formatBytes, formatDuration } from '../../../src-main/core/poller/http-get';

describe('nextDelayMs', () => {
  it('is the interval while polls succeed', () => {
    expect(nextDelayMs(1000, 0, () => 1)).toBe(1000);
  });

  it('doubles its ceiling per consecutive error, jittered between the interval and the ceiling', () => {
    expect(nextDelayMs(1000, 1, () => 1)).toBe(2000);
    expect(nextDelayMs(1000, 3, () => 1)).toBe(8000);
    expect(nextDelayMs(1000, 3, () => 0)).toBe(1000);
    expect(nextDelayMs(1000, 3, () => 0.5)).toBe(4500);
  });

  it('caps at five minutes and never goes below the interval', () => {
    expect(nextDelayMs(1000, 40, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(nextDelayMs(10 * 60_000, 3, () => 0.7)).toBe(10 * 60_000);
    expect(nextDelayMs(1000, 2, () => -5)).toBe(1000);
  });
});

describe('formatting', () => {
  it('says durations and sizes the way the error texts use them', () => {
    expect(formatDuration(15_000)).toBe('15 s');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(100)).toBe('100 ms');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(10)).toBe('10 bytes');
  });
});
