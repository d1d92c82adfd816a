// `hookscope import FILE`: a HAR's requests into the data folder's session, as if they had been
// captured there. Takes the data lock, so it refuses while `hookscope serve` owns the folder (the
// running app imports through its own command instead).
import { mkdir, readFile } from 'node:fs/promises';
import type { HookEvent, ImportResult, PollEvent, PushEvent } from '../../contract/model';
import { DEFAULT_SETTINGS } from '../defaults';
import { newId } from '../ids';
import type { OpenedSession } from '../sessions/named-session';
import { sessionFolder } from '../sessions/session-folder';
import { checkSessionName, findSession, publicInfo, resolveSession } from '../sessions/session-index';
import { newSessionState } from '../sessions/session-settings';
import { acquireDataLock } from '../store/data-lock';
import { EventStore } from '../store/event-log';
import { openSettingsDb } from '../store/settings-db';
import { parseHar } from './har';

/** Events of the HAR not already known by id, oldest first, as the store appends them. */
export function newEvents(har: { pushes: PushEvent[]; polls: PollEvent[] }, known: (id: string) => boolean): { events: HookEvent[]; skipped: number } {
  const all: HookEvent[] = [...har.pushes, ...har.polls].sort((a, b) => a.t - b.t);
  const seen = new Set<string>();
  const events = all.filter((event) => {
    if (known(event.id) || seen.has(event.id)) return false;
    seen.add(event.id);
    return true;
  });
  return { events, skipped: all.length - events.length };
}

export async function importHarFile(dataDir: string, file: string, session?: string): Promise<ImportResult> {
  return (await importHarInto(dataDir, file, session)).result;
}

/**
 * Imports into a session named by name or id (created by that name when none matches; it does not
 * become the open one), or into the one last open.
 */
export async function importHarInto(dataDir: string, file: string, session?: string): Promise<OpenedSession & { result: ImportResult }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a HAR file' : (error as Error).message;
    throw new Error(`${file}: ${reason}`, { cause: error });
  }
  const parsed = parseHar(text);
  // Importing into a folder Hookscope has never used is how a HAR gets a session of its own.
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataLock(dataDir);
  try {
    const target = await targetSession(dataDir, session);
    const store = await EventStore.open(sessionFolder(dataDir, target.session.id), { retentionPerStream: Number.MAX_SAFE_INTEGER });
    try {
      const ids = new Set([...store.pushRows(), ...store.pollRows()].map((row) => row.id));
      const { events, skipped } = newEvents(parsed, (id) => ids.has(id));
      for (const event of events) {
        if (event.stream === 'push') store.appendPush(event);
        else store.appendPoll([event]);
      }
      return { ...target, result: { imported: events.length, skipped: skipped + parsed.problems.length, problems: parsed.problems } };
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

/** Under the data lock: the settings file may be written (a new session entry). */
async function targetSession(dataDir: string, nameOrId: string | undefined): Promise<OpenedSession> {
  const db = await openSettingsDb(dataDir, { settings: DEFAULT_SETTINGS });
  try {
    if (nameOrId === undefined) return { session: publicInfo(findSession(db.data, db.currentSessionId)), created: false };
    const found = resolveSession(db.sessions, nameOrId);
    if (found) return { session: publicInfo(found), created: false };
    const session = { id: newId('ses'), name: checkSessionName(db.data, nameOrId), createdAt: new Date().toISOString() };
    await db.update((data) => {
      data.sessions.push({ ...session, saved: newSessionState(DEFAULT_SETTINGS) });
    });
    return { session, created: true };
  } finally {
    await db.close();
  }
}
