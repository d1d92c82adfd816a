import { describe, expect, it } from 'vitest';
import { isoOf } from '../../src-main/core/clock';
import { newId } from '../../src-main/core/ids';

describe('isoOf', () => {
  it('gives what Date gives, within a second, across seconds, for fractions and outside years 0000–9999', () => {
    const start = Date.UTC(2026, 11, 3, 23, 59, 58, 990);
    const times = [start, start + 0.7, start + 9, start + 10, start + 99, start + 100, start + 1010, start + 2500, start - 1, 0, -1, -1001, 253402300799999, 253402300800000, -62167219200001];
    for (const t of [...times, ...times.reverse()]) expect(isoOf(t)).toBe(new Date(Math.floor(t)).toISOString());
    expect(() => isoOf(Number.NaN)).toThrow(RangeError);
  });
});

describe('newId', () => {
  it('keeps its shape and sorts by creation within a process', () => {
    const ids = Array.from({ length: 2000 }, () => newId('push'));
    for (const id of ids) expect(id).toMatch(/^push_[0-9a-z]{8,}[0-9a-z]{3}[0-9a-z]{4}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
