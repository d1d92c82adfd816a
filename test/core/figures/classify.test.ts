import { describe, expect, it } from 'vitest';
import { classify } from '../../../src-main/core/figures/classify';
import { poll, push } from './rows';

const byKey = (records: ReturnType<typeof classify>) => new Map(records.map((r) => [r.key, r]));

describe('classify', () => {
  it('tells both, push-only and poll-only apart and ignores baseline, unkeyed and rejected rows', () => {
    const r = byKey(
      classify({
        push: [push('a', 1000, 900), push('b', 1100, 1000), push(undefined, 1200), push('r', 1300, undefined, { rejected: 'too big' })],
        poll: [poll('a', 5000), poll('c', 5000), poll('old', 5000, 'baseline'), poll(undefined, 5000)],
      }),
    );
    expect([...r.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(r.get('a')).toMatchObject({ cls: 'both', first: 'push', leadMs: 4000, pushDelayMs: 100, pollDelayMs: 4100 });
    expect(r.get('b')?.cls).toBe('push-only');
    expect(r.get('c')?.cls).toBe('poll-only');
  });

  it('counts duplicate pushes and takes the first delivery for the delay', () => {
    const r = byKey(classify({ push: [push('a', 1000, 900), push('a', 3000, 900)], poll: [] }));
    expect(r.get('a')).toMatchObject({ duplicates: 1, pushDelayMs: 100, firstPushT: 1000 });
  });

  it('marks a push that arrives after a later event (by source time) as out of order, not the later one', () => {
    const r = byKey(classify({ push: [push('early', 2000, 100), push('late', 1500, 200), push('next', 2500, 300)], poll: [] }));
    expect(r.get('late')?.outOfOrder).toBe(false);
    expect(r.get('early')?.outOfOrder).toBe(true);
    expect(r.get('next')?.outOfOrder).toBe(false);
  });

  it('knows a changed-after-push object from a later changed poll row or from the content comparison', () => {
    const rows = { push: [push('a', 1000), push('b', 1000), push('c', 1000)], poll: [poll('a', 2000), poll('a', 4000, 'changed'), poll('b', 2000), poll('c', 2000)] };
    const plain = byKey(classify(rows));
    expect(plain.get('a')?.changedAfterPush).toBe(true);
    expect(plain.get('b')?.changedAfterPush).toBe(false);
    const compared = byKey(classify({ ...rows, contentDiffers: new Set(['b']) }));
    expect(compared.get('b')?.changedAfterPush).toBe(true);
    expect(compared.get('c')?.changedAfterPush).toBe(false);
  });

  it('flags delays below zero (source clock ahead) and keeps removals apart from sightings', () => {
    const r = byKey(classify({ push: [push('a', 1000, 1500)], poll: [poll('a', 2000), poll('a', 3000, 'removed'), poll('gone', 3000, 'removed')] }));
    expect(r.get('a')).toMatchObject({ negativeDelay: true, pushDelayMs: -500, removed: true, cls: 'both' });
    expect(r.has('gone')).toBe(false);
  });

  it('calls sides less than a millisecond apart a tie', () => {
    expect(classify({ push: [push('a', 1000.2)], poll: [poll('a', 1000.5)] })[0]).toMatchObject({ first: 'tie' });
  });
});
