// Named sessions through the session object: each keeps its own events and per-session settings,
// the receiver keeps its URL across a switch, and nothing pushed during a switch is lost.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName, Events } from '../../../src-main/contract/api';
import { createSession, type Session } from '../../../src-main/core/session';
import { startTestApi, type TestApi } from '../../helpers/test-api';

const open: Session[] = [];
const apis: TestApi[] = [];

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'hookscope-sessions-'));
}

async function start(dataDir: string, extra: Partial<Parameters<typeof createSession>[0]> = {}): Promise<Session> {
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 20, ...extra });
  open.push(session);
  return session;
}

async function restart(session: Session, extra: Partial<Parameters<typeof createSession>[0]> = {}): Promise<Session> {
  await session.close();
  open.splice(open.indexOf(session), 1);
  return start(session.dataDir, extra);
}

function record(session: Session): Array<{ name: EventName; payload: unknown }> {
  const seen: Array<{ name: EventName; payload: unknown }> = [];
  session.subscribe(<K extends EventName>(name: K, payload: Events[K]) => seen.push({ name, payload }));
  return seen;
}

async function push(session: Session, id: string): Promise<number> {
  const res = await fetch(`${session.receiverUrl}/hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) });
  await res.arrayBuffer();
  return res.status;
}

async function pushKeys(session: Session): Promise<string[]> {
  const snap = await session.handle('snapshot', []);
  return snap.push.map((row) => row.matchKey ?? '');
}

function source(url: string, id = 'api') {
  return { id, name: 'API', url, headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: true };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(apis.splice(0).map((a) => a.close()));
});

describe('sessions: create, switch, rename, delete', () => {
  it('starts with one session, id "default", named Session 1, in the snapshot', async () => {
    const session = await start(dir());
    const list = await session.handle('listSessions', []);
    expect(list.sessions.map((s) => [s.id, s.name])).toEqual([['default', 'Session 1']]);
    expect(list.currentId).toBe('default');
    expect((await session.handle('snapshot', [])).session).toMatchObject({ id: 'default', name: 'Session 1' });
  });

  it('keeps each session its own events, on one receiver URL, across a restart', async () => {
    const session = await start(dir());
    const url = session.receiverUrl;
    const seen = record(session);
    await push(session, 'in-first');
    await vi.waitFor(async () => expect(await pushKeys(session)).toEqual(['in-first']));
    const second = await session.handle('createSession', [{ name: '  Stripe retries  ' }]);
    expect(second.name).toBe('Stripe retries');
    expect(second.id).toMatch(/^ses_/);
    expect(session.receiverUrl).toBe(url);
    expect(await pushKeys(session)).toEqual([]);
    expect((await session.handle('snapshot', [])).session?.id).toBe(second.id);
    const sessionsEvent = seen.filter((e) => e.name === 'sessions').at(-1)?.payload as Events['sessions'];
    expect(sessionsEvent.currentId).toBe(second.id);
    expect(sessionsEvent.sessions.map((s) => s.name)).toEqual(['Session 1', 'Stripe retries']);
    expect(sessionsEvent.sessions[1]).not.toHaveProperty('saved');
    await push(session, 'in-second');
    await vi.waitFor(async () => expect(await pushKeys(session)).toEqual(['in-second']));
    await vi.waitFor(() => expect(existsSync(join(session.dataDir, 'sessions', second.id, 'events.ndjson'))).toBe(true));

    await session.handle('switchSession', ['default']);
    expect(await pushKeys(session)).toEqual(['in-first']);
    expect((await session.handle('snapshot', [])).matches.map((g) => g.key)).toEqual(['in-first']);

    const again = await restart(session);
    expect((await again.handle('listSessions', [])).currentId).toBe('default');
    expect(await pushKeys(again)).toEqual(['in-first']);
    await again.handle('switchSession', [second.id]);
    expect(await pushKeys(again)).toEqual(['in-second']);
  });

  it('switching to the open session does nothing', async () => {
    const session = await start(dir());
    await push(session, 'a');
    await vi.waitFor(async () => expect(await pushKeys(session)).toEqual(['a']));
    const seen = record(session);
    const info = await session.handle('switchSession', ['default']);
    expect(info.id).toBe('default');
    expect(seen).toEqual([]);
    expect(await pushKeys(session)).toEqual(['a']);
  });

  it('renames (trimmed, case-insensitively unique) and tells subscribers', async () => {
    const session = await start(dir());
    const seen = record(session);
    const info = await session.handle('renameSession', ['default', '  Shopify orders ']);
    expect(info).toMatchObject({ id: 'default', name: 'Shopify orders' });
    expect((seen.at(-1)?.payload as Events['sessions']).sessions[0].name).toBe('Shopify orders');
    // Renaming to its own name in another case is allowed; it is not a duplicate of itself.
    await expect(session.handle('renameSession', ['default', 'SHOPIFY orders'])).resolves.toMatchObject({ name: 'SHOPIFY orders' });
  });

  it('deletes a session that is not open, its folder included', async () => {
    const session = await start(dir());
    const other = await session.handle('createSession', [{ name: 'Throwaway' }]);
    await push(session, 'gone');
    await vi.waitFor(async () => expect(await pushKeys(session)).toEqual(['gone']));
    await session.handle('switchSession', ['default']);
    const folder = join(session.dataDir, 'sessions', other.id);
    expect(existsSync(folder)).toBe(true);
    const seen = record(session);
    const list = await session.handle('deleteSession', [other.id]);
    expect(list.sessions.map((s) => s.id)).toEqual(['default']);
    expect(existsSync(folder)).toBe(false);
    expect(seen.find((e) => e.name === 'sessions')?.payload).toEqual(list);
    const file = JSON.parse(readFileSync(join(session.dataDir, 'hookscope.json'), 'utf8')) as { sessions: { id: string }[] };
    expect(file.sessions.map((s) => s.id)).toEqual(['default']);
  });
});

describe('sessions: opened by name at start (serve --session)', () => {
  it('creates the session by that name when none matches, else opens the one matching by id or name', async () => {
    const dataDir = dir();
    let session = await start(dataDir, { session: ' Stripe test ' });
    expect(session.opened).toMatchObject({ created: true, session: { name: 'Stripe test' } });
    const id = session.opened.session.id;
    expect((await session.handle('listSessions', [])).currentId).toBe(id);
    session = await restart(session, { session: 'stripe TEST' });
    expect(session.opened).toEqual({ created: false, session: { id, name: 'Stripe test', createdAt: expect.any(String) } });
    session = await restart(session, { session: 'default' });
    expect(session.opened.session.name).toBe('Session 1');
    session = await restart(session);
    expect(session.opened).toMatchObject({ created: false, session: { id: 'default' } });
    expect((await session.handle('listSessions', [])).sessions).toHaveLength(2);
  });

  it('refuses a name it cannot create, before starting anything', async () => {
    await expect(start(dir(), { session: 'x'.repeat(81) })).rejects.toThrow('a session name is at most 80 characters');
  });
});

describe('sessions: refusals', () => {
  it('refuses bad names, unknown ids, deleting the open or the last session, each with a clear message', async () => {
    const session = await start(dir());
    await expect(session.handle('createSession', [{ name: '   ' }])).rejects.toThrow('a session needs a name');
    await expect(session.handle('createSession', [{ name: 'x'.repeat(81) }])).rejects.toThrow('a session name is at most 80 characters (this one has 81)');
    await expect(session.handle('createSession', [{ name: 'session 1' }])).rejects.toThrow('there is already a session named "Session 1"');
    await expect(session.handle('deleteSession', ['default'])).rejects.toThrow('"Session 1" is the only session; create another before deleting it');
    await expect(session.handle('switchSession', ['ses_nope'])).rejects.toThrow('no session with id ses_nope');
    await expect(session.handle('renameSession', ['ses_nope', 'x'])).rejects.toThrow('no session with id ses_nope');
    await expect(session.handle('deleteSession', ['ses_nope'])).rejects.toThrow('no session with id ses_nope');
    const second = await session.handle('createSession', [{ name: 'x'.repeat(80) }]);
    await expect(session.handle('deleteSession', [second.id])).rejects.toThrow(`"${'x'.repeat(80)}" is open; switch to another session first`);
    await expect(session.handle('renameSession', [second.id, 'SESSION 1'])).rejects.toThrow('there is already a session named "Session 1"');
    expect((await session.handle('listSessions', [])).sessions).toHaveLength(2);
  });
});

describe('sessions: failures', () => {
  it('stays in the open session, capturing, when the target cannot be opened, and says why', async () => {
    const session = await start(dir());
    const broken = await session.handle('createSession', [{ name: 'Broken' }]);
    await session.handle('switchSession', ['default']);
    const folder = join(session.dataDir, 'sessions', broken.id);
    rmSync(folder, { recursive: true, force: true });
    writeFileSync(folder, 'not a folder');
    await expect(session.handle('switchSession', [broken.id])).rejects.toThrow(`could not open session ${broken.id}: `);
    expect((await session.handle('listSessions', [])).currentId).toBe('default');
    expect((await session.handle('snapshot', [])).session?.id).toBe('default');
    expect(await push(session, 'still-here')).toBe(200);
    await vi.waitFor(async () => expect(await pushKeys(session)).toEqual(['still-here']));
  });

  it('a close asked for during a switch waits for it: the new session is whole and opens next time', async () => {
    const session = await start(dir());
    await push(session, 'kept');
    await vi.waitFor(async () => expect(await pushKeys(session)).toEqual(['kept']));
    const switching = session.handle('createSession', [{ name: 'Last' }]);
    const closing = session.close();
    const [info] = await Promise.all([switching, closing]);
    const again = await restart(session);
    expect(again.opened.session).toEqual(info);
    expect(await pushKeys(again)).toEqual([]);
    await again.handle('switchSession', ['default']);
    expect(await pushKeys(again)).toEqual(['kept']);
  });
});

describe('sessions: per-session settings', () => {
  it('keeps sources, match keys and inspector rules per session; port, retention and tunnel are shared', async () => {
    const api = await startTestApi({ items: [{ id: 1 }] });
    apis.push(api);
    const session = await start(dir());
    await session.handle('upsertPollSource', [source(api.url)]);
    await session.handle('updateSettings', [{ match: { pushKey: 'data.id' }, retentionPerStream: 1234, forwardTo: 'http://127.0.0.1:9/' }]);
    await session.handle('upsertResponseRule', [{ id: 'r1', method: 'POST', path: '/x', status: 500, headers: [], body: '', delayMs: 0 }]);

    await session.handle('createSession', [{ name: 'Clean' }]);
    let snap = await session.handle('snapshot', []);
    expect(snap.sources).toEqual([]);
    expect(snap.settings.match.pushKey).toBe('id');
    expect(snap.settings.forwardTo).toBeUndefined();
    expect(snap.settings.demo).toBe(false);
    expect(snap.settings.retentionPerStream).toBe(1234);
    expect(await session.handle('responseRules', [])).toEqual([]);

    await session.handle('createSession', [{ name: 'Copy', copySettings: true }]);
    snap = await session.handle('snapshot', []);
    expect(snap.sources).toEqual([]);
    expect(snap.settings.match.pushKey).toBe('id');

    await session.handle('switchSession', ['default']);
    snap = await session.handle('snapshot', []);
    expect(snap.sources.map((s) => s.config.id)).toEqual(['api']);
    expect(snap.settings.match.pushKey).toBe('data.id');
    expect(snap.settings.forwardTo).toBe('http://127.0.0.1:9/');
    expect((await session.handle('responseRules', [])).map((r) => r.id)).toEqual(['r1']);
    const copied = await session.handle('createSession', [{ name: 'Copy of default', copySettings: true }]);
    snap = await session.handle('snapshot', []);
    expect(snap.sources.map((s) => s.config.id)).toEqual(['api']);
    expect(snap.settings.match.pushKey).toBe('data.id');
    expect((await session.handle('responseRules', [])).map((r) => r.id)).toEqual(['r1']);

    // Changing the copy leaves the original alone.
    await session.handle('updateSettings', [{ match: { pushKey: 'event.id' } }]);
    const again = await restart(session);
    expect((await again.handle('snapshot', [])).settings.match.pushKey).toBe('event.id');
    await again.handle('switchSession', ['default']);
    expect((await again.handle('snapshot', [])).settings.match.pushKey).toBe('data.id');
    expect(copied.id).not.toBe('default');
  });

  it("polls only the open session's sources, into the open session", async () => {
    const first = await startTestApi({ items: [{ id: 'one' }] });
    const second = await startTestApi({ items: [{ id: 'two' }] });
    apis.push(first, second);
    const session = await start(dir());
    await session.handle('upsertPollSource', [source(first.url, 'first')]);
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).poll.map((r) => r.itemId)).toEqual(['one']));
    await session.handle('createSession', [{ name: 'Second' }]);
    await session.handle('upsertPollSource', [source(second.url, 'second')]);
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).poll.map((r) => r.itemId)).toEqual(['two']));
    const firstRequests = first.requests.length;
    await session.handle('switchSession', ['default']);
    // The first source polls again on opening; its baseline is not duplicated into the store.
    await vi.waitFor(() => expect(first.requests.length).toBeGreaterThan(firstRequests));
    const snap = await session.handle('snapshot', []);
    expect(snap.sources.map((s) => s.config.id)).toEqual(['first']);
    expect(snap.poll.map((r) => r.itemId)).toContain('one');
    expect(snap.poll.map((r) => r.itemId)).not.toContain('two');
  });

  it('runs the demo only in the sessions that have it on', async () => {
    const session = await start(dir(), {
      settings: { receiverPort: 0, demo: true },
      demo: { seed: 3, rate: { eventsPerSec: 20 }, faults: { delayMedianMs: 5, delayMaxMs: 20 } },
    });
    expect((await session.handle('snapshot', [])).demo.running).toBe(true);
    await session.handle('createSession', [{ name: 'Real work' }]);
    const snap = await session.handle('snapshot', []);
    expect(snap.demo.running).toBe(false);
    expect(snap.sources).toEqual([]);
    await session.handle('switchSession', ['default']);
    expect((await session.handle('snapshot', [])).demo.running).toBe(true);
  });
});

describe('sessions: pushes during a switch', () => {
  it('answers every push and keeps every one, those sent during the switch in the new session', async () => {
    const session = await start(dir());
    const before = await Promise.all(Array.from({ length: 10 }, (_, i) => push(session, `before-${i}`)));
    await vi.waitFor(async () => expect(await pushKeys(session)).toHaveLength(10));
    // The switch starts synchronously, so every request below reaches a session that is switching or switched.
    const switching = session.handle('createSession', [{ name: 'Target' }]);
    const during = await Promise.all(Array.from({ length: 40 }, (_, i) => push(session, `during-${i}`)));
    await switching;
    expect([...before, ...during].every((status) => status === 200)).toBe(true);
    await vi.waitFor(async () => expect(await pushKeys(session)).toHaveLength(40));
    expect((await pushKeys(session)).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `during-${i}`).sort());
    await session.handle('switchSession', ['default']);
    expect((await pushKeys(session)).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `before-${i}`).sort());
  });

  it('keeps a steady stream of pushes across a switch and back, none lost, none doubled', async () => {
    const session = await start(dir());
    const second = await session.handle('createSession', [{ name: 'B' }]);
    let sent = 0;
    let running = true;
    const statuses: number[] = [];
    const sender = (async () => {
      while (running) {
        statuses.push(await push(session, `p-${sent++}`));
      }
    })();
    for (let i = 0; i < 4; i += 1) {
      await new Promise((r) => setTimeout(r, 30));
      await session.handle('switchSession', [i % 2 === 0 ? 'default' : second.id]);
    }
    running = false;
    await sender;
    expect(statuses.every((s) => s === 200)).toBe(true);
    const inB = await pushKeys(session);
    await session.handle('switchSession', ['default']);
    const inA = await pushKeys(session);
    const all = [...inA, ...inB].sort();
    expect(all).toEqual(Array.from({ length: sent }, (_, i) => `p-${i}`).sort());
    expect(inA.length).toBeGreaterThan(0);
    expect(inB.length).toBeGreaterThan(0);
  });
});
