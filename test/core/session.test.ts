// The session as the transports see it: real receiver, store, demo and poller on loopback.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName, Events } from '../../src-main/contract/api';
import type { PushEvent } from '../../src-main/contract/model';
import { createSession, type Session } from '../../src-main/core/session';

const open: Session[] = [];
const servers: Server[] = [];

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'hookscope-session-'));
}

async function start(dataDir: string, extra: Parameters<typeof createSession>[0] extends infer O ? Partial<O> : never = {}): Promise<Session> {
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 20, ...extra });
  open.push(session);
  return session;
}

function record(session: Session): Array<{ name: EventName; payload: unknown }> {
  const seen: Array<{ name: EventName; payload: unknown }> = [];
  session.subscribe(<K extends EventName>(name: K, payload: Events[K]) => seen.push({ name, payload }));
  return seen;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('session', () => {
  it('captures a webhook, stores it, emits a row and keys it for matching', async () => {
    const session = await start(dir());
    const seen = record(session);
    const res = await fetch(`${session.receiverUrl}/hook?a=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"evt_1","created_at":"2026-01-01T00:00:00Z"}' });
    const { id } = (await res.json()) as { id: string };
    await vi.waitFor(() => expect(seen.some((e) => e.name === 'push')).toBe(true));
    const row = seen.find((e) => e.name === 'push')!.payload as Events['push'];
    expect(row).toMatchObject({ id, path: '/hook', query: 'a=1', matchKey: 'evt_1', sourceTime: Date.parse('2026-01-01T00:00:00Z') });
    expect(row).not.toHaveProperty('body');
    const full = (await session.handle('getEvent', [id])) as PushEvent;
    expect(full.body).toBe('{"id":"evt_1","created_at":"2026-01-01T00:00:00Z"}');
    const match = seen.find((e) => e.name === 'match')!.payload as Events['match'];
    expect(match[0]).toMatchObject({ key: 'evt_1', cls: 'push-only' });
  });

  it('joins the demo webhooks with the demo API into matched pairs', async () => {
    const session = await start(dir(), {
      settings: { receiverPort: 0, demo: true },
      demo: { seed: 3, rate: { eventsPerSec: 8 }, faults: { delayMedianMs: 20, delayMaxMs: 100 } },
      demoPollIntervalMs: 500,
    });
    await vi.waitFor(
      async () => {
        const snap = await session.handle('snapshot', []);
        expect(snap.matches.filter((g) => g.cls === 'both').length).toBeGreaterThan(2);
      },
      { timeout: 10_000, interval: 200 },
    );
    const snap = await session.handle('snapshot', []);
    const both = snap.matches.find((g) => g.cls === 'both')!;
    expect(both.pushDelayMs).toBeGreaterThanOrEqual(0);
    expect(both.pollDelayMs).toBeGreaterThan(both.pushDelayMs!);
    expect(snap.sources.map((s) => s.config.id)).toContain('demo');
    expect(snap.demo.running).toBe(true);
  });

  it('keeps events, matches and sources across a restart', async () => {
    const dataDir = dir();
    const api = createServer((_req, res) => res.end(JSON.stringify([{ id: 'evt_9' }])));
    servers.push(api);
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const port = (api.address() as { port: number }).port;
    let session = await start(dataDir);
    await session.handle('upsertPollSource', [{ id: 'mine', name: 'mine', url: `http://127.0.0.1:${port}/`, headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: true }]);
    await fetch(`${session.receiverUrl}/`, { method: 'POST', body: '{"id":"evt_9"}' });
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push).toHaveLength(1));
    await session.close();
    open.length = 0;

    session = await start(dataDir);
    const snap = await session.handle('snapshot', []);
    expect(snap.push).toHaveLength(1);
    expect(snap.poll.map((r) => r.change)).toEqual(['baseline']);
    expect(snap.matches.map((g) => g.key)).toEqual(['evt_9']);
    expect(snap.sources.map((s) => s.config.id)).toEqual(['mine']);
  });

  it('refuses a second session on the same data folder with a clear message', async () => {
    const dataDir = dir();
    await start(dataDir);
    await expect(createSession({ dataDir, settings: { receiverPort: 0, demo: false } })).rejects.toThrow(/another Hookscope .* is using the data folder/);
  });

  it('names the flag to change when the receiver port is taken', async () => {
    const busy = createServer();
    servers.push(busy);
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    await expect(createSession({ dataDir: dir(), settings: { receiverPort: port, demo: false } })).rejects.toThrow(/port \d+ is already in use.*--receiver-port/);
  });

  it('answers bad commands with errors a user can act on, and stays up', async () => {
    const session = await start(dir());
    await expect(session.handle('upsertPollSource', [{ name: 'x', url: 'ftp://nope', headers: [], intervalMs: 5000, itemsPath: '', idPath: 'id', enabled: true }])).rejects.toThrow(/url.*http/);
    await expect(session.handle('updateSettings', [{ retentionPerStream: -1 }])).rejects.toThrow(/retentionPerStream/);
    await expect(session.handle('removePollSource', ['nope'])).rejects.toThrow(/no poll source/);
    await expect(session.handle('nonsense' as 'clear', [])).rejects.toThrow(/unknown command/);
    expect((await session.handle('snapshot', [])).push).toEqual([]);
  });

  it('starts from defaults and says so when the settings file is damaged', async () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, 'hookscope.json'), '{ not json');
    const session = await start(dataDir);
    const snap = await session.handle('snapshot', []);
    expect(snap.notices.some((n) => n.level === 'warn' && /hookscope\.json/.test(n.message))).toBe(true);
  });

  it('forgets everything on clear and tells subscribers', async () => {
    const session = await start(dir());
    const seen = record(session);
    await fetch(`${session.receiverUrl}/`, { method: 'POST', body: '{"id":"a"}' });
    await vi.waitFor(() => expect(seen.some((e) => e.name === 'push')).toBe(true));
    await session.handle('clear', []);
    expect(seen.at(-1)?.name).toBe('cleared');
    const snap = await session.handle('snapshot', []);
    expect(snap.push).toEqual([]);
    expect(snap.matches).toEqual([]);
  });
});
