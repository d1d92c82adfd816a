// The session list as the commands that read a data folder without taking it see it (`export`,
// `report`, `sessions`): read from hookscope.json as it is on disk, never written, so they work
// while `serve` or the app runs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionInfo } from '../../contract/model';
import { EventStore } from '../store/event-log';
import { adoptDefaultFolder, FIRST_SESSION_ID, SETTINGS_FILE, type StoredSession } from '../store/settings-db';
import { isSafeSessionId, sessionFolder } from './session-folder';
import { publicInfo, resolveSession } from './session-index';

export interface SessionIndex {
  currentId: string;
  sessions: SessionInfo[];
}

/** A `--session` that names no session: the user's mistake, not a failure (the CLI exits 2). */
export class UnknownSessionError extends Error {
  constructor(nameOrId: string, dataDir: string) {
    super(`no session named or with id "${nameOrId}" in ${dataDir}; \`hookscope sessions\` lists them`);
    this.name = 'UnknownSessionError';
  }
}

export async function readSessionIndex(dataDir: string): Promise<SessionIndex> {
  const file = join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // A folder that only ever had `import` or an older Hookscope in it: its one session is the first.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { currentId: FIRST_SESSION_ID, sessions: [{ id: FIRST_SESSION_ID, name: 'Session 1', createdAt: '' }] };
    throw new Error(`${file}: cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: is not valid JSON (${(error as Error).message}); start Hookscope once to repair it`, { cause: error });
  }
  const data = parsed as { sessions?: unknown; currentSessionId?: unknown };
  // The entries the app keeps (see settings-shape.ts): usable ids, each once.
  const seenIds = new Set<string>();
  const sessions = (Array.isArray(data.sessions) ? (data.sessions as unknown[]) : []).filter((s): s is StoredSession => {
    const entry = s as Partial<Record<keyof StoredSession, unknown>> | null;
    const ok =
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.id === 'string' &&
      isSafeSessionId(entry.id) &&
      !seenIds.has(entry.id) &&
      typeof entry.name === 'string' &&
      typeof entry.createdAt === 'string';
    if (ok) seenIds.add(entry.id as string);
    return ok;
  });
  if (sessions.length === 0) sessions.push({ id: FIRST_SESSION_ID, name: 'Session 1', createdAt: '' });
  const index = { sessions, currentSessionId: typeof data.currentSessionId === 'string' && sessions.some((s) => s.id === data.currentSessionId) ? data.currentSessionId : sessions[sessions.length - 1].id };
  // The same repair the app makes on open, applied to this copy only.
  await adoptDefaultFolder(dataDir, index);
  return { currentId: index.currentSessionId, sessions: index.sessions.map(publicInfo) };
}

/** The session a read-only command works on: the one named, else the one last open. */
export async function sessionToRead(dataDir: string, nameOrId?: string): Promise<SessionInfo> {
  const index = await readSessionIndex(dataDir);
  if (nameOrId === undefined) return index.sessions.find((s) => s.id === index.currentId) ?? index.sessions[0];
  const found = resolveSession(index.sessions, nameOrId);
  if (!found) throw new UnknownSessionError(nameOrId, dataDir);
  return found;
}

/** Events stored in a session (0 when it has none on disk yet). */
export async function countEvents(dataDir: string, id: string): Promise<number> {
  const store = await EventStore.open(sessionFolder(dataDir, id), { retentionPerStream: Number.MAX_SAFE_INTEGER, readOnly: true });
  try {
    return store.pushRows().length + store.pollRows().length;
  } finally {
    await store.close();
  }
}
