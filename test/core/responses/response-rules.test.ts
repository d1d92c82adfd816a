// Custom receiver answers through a real session: status, headers, body, delay, counted rules, and
// a delayed answer cut short by closing the session instead of holding it open.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/session';

const open: Session[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(dataDir = mkdtempSync(join(tmpdir(), 'hookscope-resp-')), extra: Partial<Parameters<typeof createSession>[0]> = {}): Promise<Session> {
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 10, ...extra });
  open.push(session);
  return session;
}

const rule = { method: 'POST', path: '/stripe', status: 500, headers: [] as [string, string][], body: '', delayMs: 0 };

describe('response rules', () => {
  it('answers 500 to the first delivery only, records the status it answered, then falls back to 200', async () => {
    const session = await start();
    await session.handle('upsertResponseRule', [{ ...rule, id: 'first-fails', times: 1, body: 'try again', headers: [['Retry-After', '1'], ['X-Why', 'testing']] }]);
    const first = await fetch(`${session.receiverUrl}/stripe`, { method: 'POST', body: '{"id":"evt_1"}' });
    expect([first.status, await first.text(), first.headers.get('retry-after'), first.headers.get('x-why')]).toEqual([500, 'try again', '1', 'testing']);
    const retry = await fetch(`${session.receiverUrl}/stripe`, { method: 'POST', body: '{"id":"evt_1"}' });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { ok: boolean }).ok).toBe(true);
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push.map((r) => r.status)).toEqual([500, 200]));
    expect((await session.handle('responseRules', []))[0]).toMatchObject({ id: 'first-fails', used: 1, times: 1 });
  });

  it('matches by method and path pattern; other requests keep the default answer', async () => {
    const session = await start();
    await session.handle('upsertResponseRule', [{ ...rule, method: 'put', path: '/api/*', status: 202, body: 'queued' }]);
    const hit = await fetch(`${session.receiverUrl}/api/a/b`, { method: 'PUT', body: 'x' });
    expect([hit.status, await hit.text()]).toEqual([202, 'queued']);
    expect((await fetch(`${session.receiverUrl}/api/a`, { method: 'POST', body: 'x' })).status).toBe(200);
    expect((await fetch(`${session.receiverUrl}/other`, { method: 'PUT', body: 'x' })).status).toBe(200);
  });

  it('delays the answer, not the capture', async () => {
    const session = await start();
    await session.handle('upsertResponseRule', [{ ...rule, status: 200, body: 'late', delayMs: 400 }]);
    let answered = false;
    const pending = fetch(`${session.receiverUrl}/stripe`, { method: 'POST', body: 'x' }).then(async (res) => {
      answered = true;
      return res.text();
    });
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push).toHaveLength(1));
    expect(answered).toBe(false);
    expect(await pending).toBe('late');
  });

  it('does not let a pending delayed answer hold the session open', async () => {
    const session = await start();
    await session.handle('upsertResponseRule', [{ ...rule, delayMs: 30_000 }]);
    // Settle the outcome at once: the rejection comes while close() runs, before any await below.
    const pending = fetch(`${session.receiverUrl}/stripe`, { method: 'POST', body: 'x' }).then(
      () => 'answered',
      () => 'connection closed',
    );
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push).toHaveLength(1));
    await session.close();
    expect(await pending).toBe('connection closed');
  });

  it('keeps stored rules across a restart, applies run-only ones, and removes rules', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-resp-'));
    let session = await start(dataDir);
    await session.handle('upsertResponseRule', [{ ...rule, id: 'kept', status: 418 }]);
    await session.close();
    session = await start(dataDir, { responseRules: [{ ...rule, id: 'cfg', path: '/cfg', status: 503 }] });
    expect((await session.handle('responseRules', [])).map((r) => [r.id, r.status])).toEqual([['cfg', 503], ['kept', 418]]);
    expect((await fetch(`${session.receiverUrl}/stripe`, { method: 'POST', body: 'x' })).status).toBe(418);
    expect((await fetch(`${session.receiverUrl}/cfg`, { method: 'POST', body: 'x' })).status).toBe(503);
    expect(await session.handle('removeResponseRule', ['kept'])).toHaveLength(1);
    expect((await fetch(`${session.receiverUrl}/stripe`, { method: 'POST', body: 'x' })).status).toBe(200);
    await expect(session.handle('removeResponseRule', ['kept'])).rejects.toThrow(/no response rule/);
  });

  it('refuses bad rules with a message naming the field', async () => {
    const session = await start();
    await expect(session.handle('upsertResponseRule', [{ ...rule, delayMs: 30_001 }])).rejects.toThrow('invalid response rule (delayMs): the delay is at most 30 s');
    await expect(session.handle('upsertResponseRule', [{ ...rule, status: 700 }])).rejects.toThrow(/status/);
    await expect(session.handle('upsertResponseRule', [{ ...rule, path: 'x' }])).rejects.toThrow(/path/);
    await expect(session.handle('upsertResponseRule', [{ ...rule, method: 'PO ST' }])).rejects.toThrow(/method/);
    await expect(session.handle('upsertResponseRule', [{ ...rule, headers: [['Transfer-Encoding', 'chunked']] }])).rejects.toThrow(/Transfer-Encoding/);
    expect(await session.handle('responseRules', [])).toEqual([]);
  });
});
