// The binding's reload after the core announces a switch: rows that belong to a session the view is
// not headed to must never be applied, however the `sessions` events and the snapshot interleave.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindApi, type Binding } from '../../src-renderer/src/state/bind-api';
import { resetStore, useHookscope } from '../../src-renderer/src/state/store';
import { createFakeApi, makePush, makeSessionInfo, makeSnapshot, rowOf } from './fake-api';

let binding: Binding | undefined;
beforeEach(() => resetStore());
afterEach(() => {
  binding?.unbind();
  binding = undefined;
});

const OTHER = makeSessionInfo({ id: 'ses_b', name: 'Other', createdAt: '2025-01-16T10:00:00.000Z' });

describe('session switches seen by the binding', () => {
  it("drops the rows of a session switched to and away from while its snapshot was on its way", async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ push: [rowOf(makePush({ id: 'push_a1' })), rowOf(makePush({ id: 'push_a2' }))] }) });
    fake.sessions.sessions.push(OTHER);
    binding = bindApi(fake.api, { schedule: (f) => (queueMicrotask(f), () => undefined) });
    await binding.ready;
    const first = fake.sessions.currentId;

    const release = fake.holdSnapshot();
    await fake.api.switchSession(OTHER.id);
    // A push the core stored in the other session while the view's snapshot was still on its way…
    fake.emit('push', rowOf(makePush({ id: 'push_b_live' })));
    // …and then a switch back (from another window) before that snapshot answered.
    await fake.api.switchSession(first);
    release();
    // Let the reload already on its way finish (asking for another would hide what it left behind).
    for (let i = 0; i < 5; i += 1) await new Promise((r) => setTimeout(r, 0));
    binding.flush();

    const s = useHookscope.getState();
    expect(s.session?.id).toBe(first);
    expect(s.push.map((r) => r.id).sort()).toEqual(['push_a1', 'push_a2']);
  });

  it('tells the api which session the view shows: none before the first snapshot, then each one it adopts', async () => {
    const fake = createFakeApi();
    fake.sessions.sessions.push(OTHER);
    binding = bindApi(fake.api, { schedule: (f) => (queueMicrotask(f), () => undefined) });
    expect(fake.shownSessions).toEqual([null]);
    await binding.ready;
    const first = fake.sessions.currentId;
    expect(fake.shownSessions).toEqual([null, first]);

    const release = fake.holdSnapshot();
    await fake.api.switchSession(OTHER.id);
    // Until the other session's rows are on screen, the view does not claim to show it.
    expect(fake.shownSessions.at(-1)).toBe(first);
    release();
    for (let i = 0; i < 5; i += 1) await new Promise((r) => setTimeout(r, 0));
    expect(fake.shownSessions.at(-1)).toBe(OTHER.id);
  });
});
