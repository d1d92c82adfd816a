// Commands that overlap a session switch or a close: each must act on the session that is open when
// it takes effect, and nothing may start after the session has closed.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/session';
import type { SecretStore } from '../../../src-main/core/secrets/secret-store';

const open: Session[] = [];

async function start(extra: Partial<Parameters<typeof createSession>[0]> = {}): Promise<Session> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-session-races-'));
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 20, ...extra });
  open.push(session);
  return session;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('sessions: commands that overlap a close', () => {
  it('refuses a session command sent after close began, and leaves no new session behind', async () => {
    const session = await start();
    const closing = session.close();
    await expect(session.handle('createSession', [{ name: 'Too late' }])).rejects.toThrow('Hookscope is closing');
    await closing;
    expect(readdirSync(join(session.dataDir, 'sessions'))).toEqual(['default']);
  });

  it('refuses a command that was waiting for a switch when close began', async () => {
    const session = await start();
    const switching = session.handle('createSession', [{ name: 'B' }]);
    // Queued behind the switch: it must not run on a session that is closing.
    await new Promise((r) => setImmediate(r));
    const waiting = session.handle('snapshot', []).then(
      () => 'ran',
      (error: Error) => error.message,
    );
    const closing = session.close();
    await switching;
    await closing;
    expect(await waiting).toBe('Hookscope is closing');
  });
});

describe('sessions: a demo switch that overlaps a session switch', () => {
  it('does not start the demo in the session switched to when that one has it off', async () => {
    // No demo flag for the run: each session's own demo switch decides.
    const session = await start({ settings: { receiverPort: 0 }, demo: { seed: 3, rate: { eventsPerSec: 1 } } });
    await session.handle('setDemo', [false]);
    const other = await session.handle('createSession', [{ name: 'Real work' }]);
    await session.handle('switchSession', ['default']);
    // The demo switch awaits its settings write (coalesced for 100 ms); the session switch lands meanwhile.
    const demoOn = session.handle('setDemo', [true]);
    await new Promise((r) => setImmediate(r));
    await session.handle('switchSession', [other.id]);
    await demoOn;
    const snap = await session.handle('snapshot', []);
    expect(snap.session?.id).toBe(other.id);
    expect(snap.settings.demo).toBe(false);
    expect(snap.demo.running).toBe(false);
    // The session the switch was asked in keeps it on.
    await session.handle('switchSession', ['default']);
    const back = await session.handle('snapshot', []);
    expect(back.settings.demo).toBe(true);
    expect(back.demo.running).toBe(true);
  });
});

/** A secret store whose writes wait until the test lets them through. */
function slowSecretStore(): { store: SecretStore; release: () => void } {
  const values = new Map<string, string>();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const store: SecretStore = {
    protection: 'user-only-file',
    path: 'memory',
    warnings: [],
    get: (id) => values.get(id),
    has: (id) => values.has(id),
    set: async (id, secret) => {
      await gate;
      values.set(id, secret);
    },
    delete: (id) => {
      values.delete(id);
      return Promise.resolve();
    },
  };
  return { store, release };
}

describe('sessions: a command in flight when a switch is asked for', () => {
  it('finishes in the session it was sent to: a poll source saved then stays there', async () => {
    const { store, release } = slowSecretStore();
    const session = await start({ secretStore: store });
    const other = await session.handle('createSession', [{ name: 'Other' }]);
    await session.handle('switchSession', ['default']);
    const source = { id: 'api', name: 'API', url: 'http://127.0.0.1:9/items', headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: false, auth: { kind: 'bearer' as const }, secret: 'tok' };
    // Waits on its secret while the switch is asked for.
    const saving = session.handle('upsertPollSource', [source]);
    const switching = session.handle('switchSession', [other.id]);
    // Give the switch every chance to run past the command (it must not), then let the secret through.
    await Promise.race([switching, new Promise((r) => setTimeout(r, 300))]);
    release();
    await saving;
    await switching;
    const inOther = await session.handle('snapshot', []);
    expect(inOther.session?.id).toBe(other.id);
    expect(inOther.sources.map((s) => s.config.id)).toEqual([]);
    await session.handle('switchSession', ['default']);
    expect((await session.handle('snapshot', [])).sources.map((s) => s.config.id)).toEqual(['api']);
  });
});

describe('sessions: a change sent while a switch runs', () => {
  it('is refused and changes nothing: a Clear from a window still showing the old session clears neither', async () => {
    const session = await start();
    const first = await session.handle('createSession', [{ name: 'A' }]);
    await fetch(`${session.receiverUrl}/hook`, { method: 'POST', body: '{"id":"in-a"}' });
    await expect.poll(async () => (await session.handle('snapshot', [])).push.length).toBe(1);
    const other = await session.handle('createSession', [{ name: 'B' }]);
    await fetch(`${session.receiverUrl}/hook`, { method: 'POST', body: '{"id":"in-b"}' });
    await expect.poll(async () => (await session.handle('snapshot', [])).push.length).toBe(1);

    const switching = session.handle('switchSession', [first.id]);
    await new Promise((r) => setImmediate(r)); // the switch has begun
    await expect(session.handle('clear', [])).rejects.toThrow(/being switched .* nothing was changed/);
    await expect(session.handle('setDemo', [true])).rejects.toThrow(/nothing was changed/);
    // A read waits for the switch and answers from the session now open.
    const read = await session.handle('snapshot', []);
    await switching;
    expect(read.session?.id).toBe(first.id);
    expect(read.push.map((p) => p.path)).toEqual(['/hook']);
    expect(read.settings.demo).toBe(false);
    await session.handle('switchSession', [other.id]);
    expect((await session.handle('snapshot', [])).push).toHaveLength(1);
  });
});

describe('sessions: a copy made while a change is still being saved', () => {
  it('holds that change: a poll source waiting on its secret is in the copy too', async () => {
    const { store, release } = slowSecretStore();
    const session = await start({ secretStore: store });
    const source = { id: 'api', name: 'API', url: 'http://127.0.0.1:9/items', headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: false, auth: { kind: 'bearer' as const }, secret: 'tok' };
    const saving = session.handle('upsertPollSource', [source]);
    const creating = session.handle('createSession', [{ name: 'Copy', copySettings: true }]);
    setTimeout(release, 200);
    await saving;
    const copy = await creating;
    const inCopy = await session.handle('snapshot', []);
    expect(inCopy.session?.id).toBe(copy.id);
    expect(inCopy.sources.map((s) => s.config.id)).toEqual(['api']);
    await session.handle('switchSession', ['default']);
    expect((await session.handle('snapshot', [])).sources.map((s) => s.config.id)).toEqual(['api']);
  });
});

describe('sessions: creating one when the data folder has gone bad', () => {
  it('rejects the command with the reason and leaves no unhandled rejection behind', async () => {
    const session = await start();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Neither a new session folder nor the settings file can be written any more.
      renameSync(join(session.dataDir, 'sessions'), join(session.dataDir, 'sessions.moved'));
      writeFileSync(join(session.dataDir, 'sessions'), 'not a folder');
      mkdirSync(join(session.dataDir, '.hookscope.json.tmp'));
      await expect(session.handle('createSession', [{ name: 'New' }])).rejects.toThrow(/.+/);
      await new Promise((r) => setTimeout(r, 300));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      // The folder comes back, so closing can save what it holds.
      rmSync(join(session.dataDir, '.hookscope.json.tmp'), { recursive: true, force: true });
      rmSync(join(session.dataDir, 'sessions'), { force: true });
      renameSync(join(session.dataDir, 'sessions.moved'), join(session.dataDir, 'sessions'));
    }
  });
});

describe('sessions: a change from a window that has not caught up with a switch', () => {
  it('is refused when it names the session it showed and another is open; reads and current windows go ahead', async () => {
    const session = await start();
    await fetch(`${session.receiverUrl}/hook`, { method: 'POST', body: '{"id":"in-default"}' });
    await expect.poll(async () => (await session.handle('snapshot', [])).push.length).toBe(1);
    const other = await session.handle('createSession', [{ name: 'B' }]);
    await fetch(`${session.receiverUrl}/hook`, { method: 'POST', body: '{"id":"in-b"}' });
    await expect.poll(async () => (await session.handle('snapshot', [])).push.length).toBe(1);

    // The window still shows "default": its Clear must not empty B.
    await expect(session.handle('clear', [], { shownSession: 'default' })).rejects.toThrow(/still showed another session .*"B" is open now, so nothing was changed/);
    await expect(session.handle('setDemo', [true], { shownSession: 'default' })).rejects.toThrow(/nothing was changed/);
    await expect(session.handle('updateSettings', [{ match: { pushKey: 'data.id' } }], { shownSession: 'default' })).rejects.toThrow(/nothing was changed/);
    // The machine's settings are no session's: a window behind on sessions may still change them.
    const machine = await session.handle('updateSettings', [{ retentionPerStream: 4000 }], { shownSession: 'default' });
    expect(machine.retentionPerStream).toBe(4000);
    const read = await session.handle('snapshot', [], { shownSession: 'default' });
    expect(read.session?.id).toBe(other.id);
    expect(read.push).toHaveLength(1);
    expect(read.settings.demo).toBe(false);
    // A window that shows B clears B.
    await session.handle('clear', [], { shownSession: other.id });
    expect((await session.handle('snapshot', [])).push).toHaveLength(0);
    await session.handle('switchSession', ['default']);
    expect((await session.handle('snapshot', [])).push).toHaveLength(1);
  });
});
