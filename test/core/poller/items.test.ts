import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  contentHash,
  diffItems,
  findItems,
  indexItems,
  indexWarning,
  jsonSize,
  summaryOf,
} from '../../../src-main/core/poller/items';

describe('findItems', () => {
  const list = [{ id: 1 }];

  it('takes a bare array, then data, then items when no path is set', () => {
    expect(findItems(list, '')).toEqual({ ok: true, items: list });
    expect(findItems({ object: 'list', data: list }, '')).toEqual({ ok: true, items: list });
    expect(findItems({ total_count: 1, items: list }, '')).toEqual({ ok: true, items: list });
    // data wins over items when both are arrays, as documented.
    expect(findItems({ data: list, items: [] }, '')).toEqual({ ok: true, items: list });
  });

  it('does not take a data or items field that is not an array', () => {
    const result = findItems({ data: { id: 1 }, items: 'x' }, '');
    expect(result).toEqual({ ok: false, error: 'no items array found (looked at body, data, items) — set the items path' });
  });

  it('follows an explicit dot path', () => {
    expect(findItems({ result: { list } }, 'result.list')).toEqual({ ok: true, items: list });
    expect(findItems({ result: { list } }, ' result.list ')).toEqual({ ok: true, items: list });
  });

  it('says what it found when an explicit path does not lead to an array', () => {
    expect(findItems({ result: {} }, 'result.list')).toEqual({ ok: false, error: 'no items array at "result.list" (found nothing) — check the items path' });
    expect(findItems({ result: { list: { a: 1 } } }, 'result.list')).toMatchObject({ ok: false, error: expect.stringContaining('found an object') });
    expect(findItems({ n: 3 }, 'n')).toMatchObject({ ok: false, error: expect.stringContaining('found a number') });
    expect(findItems(null, '')).toMatchObject({ ok: false });
  });
});

describe('canonicalJson and contentHash', () => {
  it('ignores key order at every depth but not array order', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: null } };
    const b = { a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":2,"q":1}]},"b":1}');
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
    expect(contentHash({ id: 7 })).not.toBe(contentHash({ id: '7' }));
  });

  it('is a sha1 hex digest', () => {
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('indexItems', () => {
  it('keys numbers and strings alike, keeps the first of duplicate ids and counts items without ids', () => {
    const items = [{ id: 7, v: 1 }, { id: '7', v: 2 }, { id: 'a' }, { name: 'no id' }, { id: '' }, { id: { nested: true } }];
    const indexed = indexItems(items, 'id');
    expect([...indexed.byId.keys()]).toEqual(['7', 'a']);
    expect(indexed.byId.get('7')?.item).toEqual({ id: 7, v: 1 });
    expect(indexed.duplicateIds).toEqual(['7']);
    expect(indexed.missingIds).toBe(3);
    expect(indexWarning(indexed, 'id')).toBe(
      'warning: 3 items without an id at "id" (skipped) — check the id path; duplicate ids in one response (kept the first): 7',
    );
  });

  it('reads ids at a nested path and defaults an empty path to id', () => {
    expect([...indexItems([{ meta: { key: 'k1' } }], 'meta.key').byId.keys()]).toEqual(['k1']);
    expect([...indexItems([{ id: 3 }], '').byId.keys()]).toEqual(['3']);
  });

  it('has no warning for a clean list and shortens long duplicate lists', () => {
    expect(indexWarning(indexItems([{ id: 1 }, { id: 2 }], 'id'), 'id')).toBeUndefined();
    const dupes = Array.from({ length: 7 }, (_, i) => [{ id: i }, { id: i }]).flat();
    expect(indexWarning(indexItems(dupes, 'id'), 'id')).toBe('warning: duplicate ids in one response (kept the first): 0, 1, 2, 3, 4 and 2 more');
  });
});

describe('diffItems', () => {
  it('finds new, changed and removed, the removed one as last seen', () => {
    const before = indexItems([{ id: 1, s: 'a' }, { id: 2, s: 'b' }, { id: 3, s: 'c' }], 'id').byId;
    const after = indexItems([{ id: 4, s: 'd' }, { s: 'b2', id: 2 }, { s: 'a', id: 1 }], 'id').byId;
    expect(diffItems(before, after)).toEqual([
      { itemId: '4', change: 'new', item: { id: 4, s: 'd' } },
      { itemId: '2', change: 'changed', item: { s: 'b2', id: 2 } },
      { itemId: '3', change: 'removed', item: { id: 3, s: 'c' } },
    ]);
  });

  it('finds nothing when only key order moved', () => {
    const before = indexItems([{ id: 1, a: 1, b: 2 }], 'id').byId;
    const after = indexItems([{ b: 2, a: 1, id: 1 }], 'id').byId;
    expect(diffItems(before, after)).toEqual([]);
  });
});

describe('summaryOf and jsonSize', () => {
  it('prefers type, event, name, title, then falls back to the id', () => {
    expect(summaryOf({ type: 'invoice.paid', name: 'x' }, '1')).toBe('invoice.paid');
    expect(summaryOf({ event: 'push' }, '1')).toBe('push');
    expect(summaryOf({ name: 'Ada' }, '1')).toBe('Ada');
    expect(summaryOf({ title: 'Bug' }, '1')).toBe('Bug');
    expect(summaryOf({ type: '  ', other: 1 }, 'id-9')).toBe('id-9');
    expect(summaryOf('plain', 'id-9')).toBe('id-9');
    expect(summaryOf({ title: 'x'.repeat(200) }, '1')).toHaveLength(80);
  });

  it('counts UTF-8 bytes of the item JSON', () => {
    expect(jsonSize({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
  });
});
