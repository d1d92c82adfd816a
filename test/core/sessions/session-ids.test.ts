// Session ids come from a settings file a user can edit by hand. An id that cannot name a folder, or
// one listed twice, must not leave an entry that can be neither listed, opened nor deleted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listSessions } from '../../../src-main/cli/sessions-command';
import { createSession, type Session } from '../../../src-main/core/session';

const open: Session[] = [];

async function start(dataDir: string): Promise<Session> {
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 20 });
  open.push(session);
  return session;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function folderWithHandEditedIds(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-session-ids-'));
  const first = await start(dataDir);
  await first.handle('createSession', [{ name: 'Kept' }]);
  await first.close();
  open.splice(0);
  const file = join(dataDir, 'hookscope.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { sessions: Array<{ id: string; name: string; createdAt: string }> };
  const at = new Date().toISOString();
  data.sessions.push({ id: '../outside', name: 'Escaping', createdAt: at }, { id: 'default', name: 'Twin', createdAt: at });
  writeFileSync(file, JSON.stringify(data));
  return dataDir;
}

describe('sessions: ids from a hand-edited settings file', () => {
  it('`hookscope sessions` lists the usable sessions instead of failing on one bad id', async () => {
    const dataDir = await folderWithHandEditedIds();
    const listed = JSON.parse(await listSessions(dataDir, true)) as { sessions: Array<{ id: string; name: string }> };
    expect(listed.sessions.map((s) => s.name)).toEqual(['Session 1', 'Kept']);
  });

  it('the app leaves such entries out, says so, and every session left can be opened and deleted', async () => {
    const dataDir = await folderWithHandEditedIds();
    const session = await start(dataDir);
    const list = await session.handle('listSessions', []);
    expect(list.sessions.map((s) => s.name)).toEqual(['Session 1', 'Kept']);
    const notices = (await session.handle('snapshot', [])).notices.map((n) => n.message).join('\n');
    expect(notices).toContain('unusable id "../outside"');
    expect(notices).toContain('repeated id "default"');
    const kept = list.sessions.find((s) => s.name === 'Kept');
    await session.handle('switchSession', ['default']);
    expect((await session.handle('deleteSession', [kept?.id ?? ''])).sessions.map((s) => s.name)).toEqual(['Session 1']);
  });
});
