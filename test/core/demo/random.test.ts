import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32, Rng } from '../../../src-main/core/demo/random';

describe('seeded random', () => {
  it('mulberry32 is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.slice(0, 5)).not.toEqual(Array.from({ length: 5 }, () => c()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('derived streams differ from each other', () => {
    const seeds = new Set(Array.from({ length: 100 }, (_, i) => deriveSeed(7, i)));
    expect(seeds.size).toBe(100);
  });

  it('int covers both ends and nothing outside', () => {
    const rng = new Rng(1);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('logNormal is centred on its median', () => {
    const rng = new Rng(9);
    const xs = Array.from({ length: 4001 }, () => rng.logNormal(300, 0.9)).sort((p, q) => p - q);
    expect(xs[2000]).toBeGreaterThan(250);
    expect(xs[2000]).toBeLessThan(360);
    expect(xs.every((x) => x > 0)).toBe(true);
  });

  it('weighted picks follow the weights and pick from an empty list throws', () => {
    const rng = new Rng(3);
    const picks = Array.from({ length: 3000 }, () => rng.weighted([['a', 1], ['b', 0], ['c', 2]] as const));
    expect(picks.includes('b')).toBe(false);
    expect(picks.filter((p) => p === 'c').length).toBeGreaterThan(picks.filter((p) => p === 'a').length);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.weighted([])).toThrow(RangeError);
  });
});
