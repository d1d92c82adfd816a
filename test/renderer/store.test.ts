import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindApi, type Binding, type Scheduler } from '../../src-renderer/src/state/bind-api';
import { rowById } from '../../src-renderer/src/state/data-slice';
import { resetStore, selectViewPush, useHookscope } from '../../src-renderer/src/state/store';
import { createFakeApi, makeGroup, makePoll, makePush, makeSettings, makeSnapshot, rowOf, T0 } from './fake-api';

/** A scheduler the test drives: nothing is applied until `frame()` is called. */
function manualFrames(): { schedule: Scheduler; frame(): void; pending(): number } {
  let queued: (() => void)[] = [];
  return {
    schedule(flush) {
      queued.push(flush);
      return () => {
        queued = queued.filter((f) => f !== flush);
      };
    },
    frame() {
      const q = queued;
      queued = [];
      for (const f of q) f();
    },
    pending: () => queued.length,
  };
}

let binding: Binding | undefined;
beforeEach(() => resetStore());
afterEach(() => {
  binding?.unbind();
  binding = undefined;
});

describe('bindApi', () => {
  it('applies the snapshot: rows, index maps, groups, sources, tunnel, notices', async () => {
    const p1 = makePush({ matchKey: 'k1' });
    const q1 = makePoll({ matchKey: 'k1' });
    const fake = createFakeApi({
      snapshot: makeSnapshot({
        push: [rowOf(p1)],
        poll: [rowOf(q1)],
        matches: [makeGroup({ key: 'k1', pushIds: [p1.id], pollIds: [q1.id] })],
        tunnel: { state: 'online', url: 'https://a.loca.lt', since: T0, host: 'h' },
        notices: [{ level: 'warn', message: 'disk slow', t: T0 }],
      }),
    });
    binding = bindApi(fake.api, { schedule: manualFrames().schedule });
    await binding.ready;
    const s = useHookscope.getState();
    expect(s.loaded).toBe(true);
    expect(s.push.map((r) => r.id)).toEqual([p1.id]);
    expect(rowById(s, 'poll', q1.id)?.id).toBe(q1.id);
    expect(s.matches.get('k1')?.cls).toBe('both');
    expect(s.tunnel?.url).toBe('https://a.loca.lt');
    expect(s.notices.map((n) => n.message)).toEqual(['disk slow']);
    expect(s.receiverUrl).toBe('http://127.0.0.1:4000');
    expect(s.connection).toBe('open');
  });

  it('batches push, poll and match events into one store update per frame', async () => {
    const fake = createFakeApi();
    const frames = manualFrames();
    binding = bindApi(fake.api, { schedule: frames.schedule });
    await binding.ready;
    let updates = 0;
    const unsub = useHookscope.subscribe(() => updates++);
    for (let i = 0; i < 100; i++) fake.emit('push', rowOf(makePush({ matchKey: `k${i}` })));
    fake.emit('poll', [rowOf(makePoll({ matchKey: 'k1' })), rowOf(makePoll({ matchKey: 'k2' }))]);
    fake.emit('match', [makeGroup({ key: 'k1', cls: 'both' })]);
    expect(useHookscope.getState().push).toHaveLength(0);
    expect(updates).toBe(0);
    expect(frames.pending()).toBe(1);
    frames.frame();
    unsub();
    expect(updates).toBe(1);
    const s = useHookscope.getState();
    expect(s.push).toHaveLength(100);
    expect(s.poll).toHaveLength(2);
    expect(s.matches.get('k1')?.cls).toBe('both');
    expect(s.matchesVersion).toBeGreaterThan(0);
  });

  it('caps each stream at retentionPerStream, dropping the oldest and keeping the index right', async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ settings: makeSettings({ retentionPerStream: 3 }) }) });
    const frames = manualFrames();
    binding = bindApi(fake.api, { schedule: frames.schedule });
    await binding.ready;
    const rows = Array.from({ length: 5 }, (_, i) => rowOf(makePush(i < 2 ? { rejected: 'too big', status: 413 } : { matchKey: `k${i}` })));
    for (const r of rows) fake.emit('push', r);
    frames.frame();
    const s = useHookscope.getState();
    expect(s.push.map((r) => r.id)).toEqual(rows.slice(2).map((r) => r.id));
    expect(rowById(s, 'push', rows[0].id)).toBeUndefined();
    expect(rowById(s, 'push', rows[4].id)?.id).toBe(rows[4].id);
    expect(s.pushIndex.size).toBe(3);
    // The two rejected rows were the oldest and are gone: the header count follows.
    expect(s.rejectedCount).toBe(0);
    // A lower cap from the core applies at once.
    fake.emit('settings', makeSettings({ retentionPerStream: 1 }));
    expect(useHookscope.getState().push.map((r) => r.id)).toEqual([rows[4].id]);
  });

  it('empties everything on `cleared`, including rows still waiting for the next frame', async () => {
    const p = makePush({ matchKey: 'k' });
    const fake = createFakeApi({ snapshot: makeSnapshot({ push: [rowOf(p)], matches: [makeGroup({ key: 'k', pushIds: [p.id], cls: 'push-only' })] }) });
    const frames = manualFrames();
    binding = bindApi(fake.api, { schedule: frames.schedule });
    await binding.ready;
    useHookscope.getState().select({ stream: 'push', id: p.id, matchKey: 'k' }, { open: true });
    fake.emit('push', rowOf(makePush()));
    fake.emit('cleared', {});
    frames.frame();
    const s = useHookscope.getState();
    expect(s.push).toEqual([]);
    expect(s.poll).toEqual([]);
    expect(s.matches.size).toBe(0);
    expect(s.pushIndex.size).toBe(0);
    expect(s.selected).toBeNull();
    expect(s.detailOpen).toBe(false);
  });

  it('skips rows already in the snapshot and ignores state events older than it', async () => {
    const p = makePush({ matchKey: 'k' });
    const fake = createFakeApi({
      snapshot: makeSnapshot({ push: [rowOf(p)], matches: [makeGroup({ key: 'k', cls: 'both', pushIds: [p.id] })] }),
    });
    const release = fake.holdSnapshot();
    const frames = manualFrames();
    binding = bindApi(fake.api, { schedule: frames.schedule });
    const later = makePush();
    // Sent before the snapshot answer: the push row is in it too, the group state is older.
    fake.emit('push', rowOf(p));
    fake.emit('push', rowOf(later));
    fake.emit('match', [makeGroup({ key: 'k', cls: 'push-only', pushIds: [p.id] })]);
    fake.emit('notice', { level: 'error', message: 'write failed', t: T0 });
    release();
    await binding.ready;
    frames.frame();
    const s = useHookscope.getState();
    expect(s.push.map((r) => r.id)).toEqual([p.id, later.id]);
    expect(s.matches.get('k')?.cls).toBe('both');
    expect(s.notices.map((n) => n.message)).toContain('write failed');
  });

  it('records a failed first snapshot as a load error instead of showing empty columns', async () => {
    const fake = createFakeApi();
    fake.failNext('snapshot', 'socket closed');
    binding = bindApi(fake.api, { schedule: manualFrames().schedule });
    await binding.ready;
    expect(useHookscope.getState().loadError).toMatch(/socket closed/);
    expect(useHookscope.getState().loaded).toBe(false);
  });

  it('follows the link state and reloads the snapshot after a reconnect', async () => {
    const fake = createFakeApi({ connection: true });
    binding = bindApi(fake.api, { schedule: manualFrames().schedule });
    await binding.ready;
    fake.setConnection('open');
    expect(useHookscope.getState().connection).toBe('open');
    fake.setConnection('closed');
    expect(useHookscope.getState().connection).toBe('closed');
    const missed = makePush();
    fake.snapshot.push = [rowOf(missed)];
    fake.setConnection('open');
    await expect.poll(() => useHookscope.getState().push.map((r) => r.id)).toEqual([missed.id]);
    expect(fake.calls.filter((c) => c.name === 'snapshot')).toHaveLength(2);
  });

  it('reports a failed resync as a notice and keeps what it had', async () => {
    const p = makePush();
    const fake = createFakeApi({ snapshot: makeSnapshot({ push: [rowOf(p)] }) });
    binding = bindApi(fake.api, { schedule: manualFrames().schedule });
    await binding.ready;
    fake.failNext('snapshot', 'timed out');
    await binding.resync();
    const s = useHookscope.getState();
    expect(s.push.map((r) => r.id)).toEqual([p.id]);
    expect(s.notices.at(-1)?.message).toMatch(/timed out/);
  });

  it('unbind removes every listener', async () => {
    const fake = createFakeApi();
    binding = bindApi(fake.api, { schedule: manualFrames().schedule });
    await binding.ready;
    expect(fake.listenerCount()).toBeGreaterThan(0);
    binding.unbind();
    expect(fake.listenerCount()).toBe(0);
  });

  it('flushes on a timer when animation frames do not come', async () => {
    const fake = createFakeApi();
    binding = bindApi(fake.api);
    await binding.ready;
    fake.emit('push', rowOf(makePush()));
    await expect.poll(() => useHookscope.getState().push.length).toBe(1);
  });
});

describe('pause', () => {
  it('freezes the view, counts new rows, and shows them again on resume', async () => {
    const fake = createFakeApi();
    const frames = manualFrames();
    binding = bindApi(fake.api, { schedule: frames.schedule });
    await binding.ready;
    fake.emit('push', rowOf(makePush()));
    frames.frame();
    useHookscope.getState().togglePause();
    fake.emit('push', rowOf(makePush()));
    fake.emit('poll', [rowOf(makePoll()), rowOf(makePoll())]);
    frames.frame();
    let s = useHookscope.getState();
    expect(selectViewPush(s)).toHaveLength(1);
    expect(s.push).toHaveLength(2);
    expect(s.newWhilePaused).toBe(3);
    s.togglePause();
    s = useHookscope.getState();
    expect(selectViewPush(s)).toHaveLength(2);
    expect(s.newWhilePaused).toBe(0);
  });
});
