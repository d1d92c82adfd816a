// Files written before sessions had their own folders list one `ses_…` session while its events are in
// sessions/default. Opening such a folder must keep those events: the session's id becomes `default`.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/session';
import { DEFAULT_SETTINGS } from '../../../src-main/core/defaults';
import { openSettingsDb } from '../../../src-main/core/store/settings-db';

const open: Session[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(dataDir: string): Promise<Session> {
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 20 });
  open.push(session);
  return session;
}

function rewriteFile(dataDir: string, edit: (file: Record<string, unknown>) => void): void {
  const path = join(dataDir, 'hookscope.json');
  const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(file);
  writeFileSync(path, JSON.stringify(file));
}

describe('sessions: migration of older data folders', () => {
  it('renames the one ses_… session to "default" when only sessions/default holds events, and keeps them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-migrate-'));
    const session = await start(dataDir);
    await fetch(`${session.receiverUrl}/`, { method: 'POST', body: '{"id":"old-event"}' });
    await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push).toHaveLength(1));
    await session.close();
    open.length = 0;
    rewriteFile(dataDir, (file) => {
      file.sessions = [{ id: 'ses_mh2k9x001abcd', name: 'Session 1', createdAt: '2026-01-01T00:00:00.000Z' }];
      file.currentSessionId = 'ses_mh2k9x001abcd';
    });

    const reopened = await start(dataDir);
    const snap = await reopened.handle('snapshot', []);
    expect(snap.push.map((r) => r.matchKey)).toEqual(['old-event']);
    expect(snap.session).toEqual({ id: 'default', name: 'Session 1', createdAt: '2026-01-01T00:00:00.000Z' });
    const file = JSON.parse(readFileSync(join(dataDir, 'hookscope.json'), 'utf8')) as { sessions: { id: string }[]; currentSessionId: string };
    expect(file.sessions.map((s) => s.id)).toEqual(['default']);
    expect(file.currentSessionId).toBe('default');
  });

  it('leaves ids alone when the session has a folder of its own', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-migrate-'));
    mkdirSync(join(dataDir, 'sessions', 'default'), { recursive: true });
    mkdirSync(join(dataDir, 'sessions', 'ses_own'), { recursive: true });
    writeFileSync(
      join(dataDir, 'hookscope.json'),
      JSON.stringify({ version: 1, settings: DEFAULT_SETTINGS, sources: [], sessions: [{ id: 'ses_own', name: 'Mine', createdAt: '2026-01-01T00:00:00.000Z' }], currentSessionId: 'ses_own' }),
    );
    const db = await openSettingsDb(dataDir, { settings: DEFAULT_SETTINGS });
    expect(db.currentSessionId).toBe('ses_own');
    await db.close();
  });

  it('starts a fresh folder with the session "default"', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-migrate-'));
    const db = await openSettingsDb(dataDir, { settings: DEFAULT_SETTINGS });
    expect(db.sessions.map((s) => s.id)).toEqual(['default']);
    await db.close();
  });
});
