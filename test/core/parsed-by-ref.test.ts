import { describe, expect, it, vi } from 'vitest';
import { parsedByRef } from '../../src-main/core/parsed-by-ref';

describe('parsedByRef', () => {
  it('parses an array once, again only for a new array, and hands out copies', () => {
    const parse = vi.fn((value: unknown[]) => value.filter((v): v is number => typeof v === 'number'));
    const stored = parsedByRef(parse);
    const first = [1, 'x', 2];
    expect(stored(first)).toEqual([1, 2]);
    const copy = stored(first);
    copy.push(99);
    expect(stored(first)).toEqual([1, 2]);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(stored([3])).toEqual([3]);
    expect(parse).toHaveBeenCalledTimes(2);
    expect(stored(undefined)).toEqual([]);
    expect(stored({ not: 'an array' })).toEqual([]);
  });
});
