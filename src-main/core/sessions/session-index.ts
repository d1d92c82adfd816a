// The session list in the settings file: names, lookups and the move of per-session state between
// the file's top level (the open session) and each other session's `saved` entry. Pure functions on
// the document, so the rules are tested without starting a receiver.
import type { SessionInfo, SessionList, Settings } from '../../contract/model';
import type { HookscopeFile, StoredSession } from '../store/settings-db';
import { readSavedState, sessionPart, withSessionPart, type SavedSessionState } from './session-settings';

export const MAX_SESSION_NAME = 80;

/** The session as the UI sees it: never its saved settings. */
export function publicInfo(session: StoredSession): SessionInfo {
  return { id: session.id, name: session.name, createdAt: session.createdAt };
}

export function sessionList(data: Readonly<HookscopeFile>): SessionList {
  return { currentId: data.currentSessionId, sessions: data.sessions.map(publicInfo) };
}

export function findSession(data: Readonly<HookscopeFile>, id: string): StoredSession {
  const session = data.sessions.find((s) => s.id === id);
  if (!session) throw new Error(`no session with id ${id}`);
  return session;
}

/** By id first, then by name (case-insensitive): what a command-line user types. */
export function resolveSession(sessions: readonly StoredSession[], nameOrId: string): StoredSession | undefined {
  const wanted = nameOrId.trim().toLowerCase();
  return sessions.find((s) => s.id === nameOrId) ?? sessions.find((s) => s.name.toLowerCase() === wanted);
}

/** The trimmed name, or an error that says what is wrong with it. */
export function checkSessionName(data: Readonly<HookscopeFile>, name: unknown, exceptId?: string): string {
  if (typeof name !== 'string') throw new Error('a session name is text');
  const trimmed = name.trim();
  if (trimmed === '') throw new Error('a session needs a name');
  if (trimmed.length > MAX_SESSION_NAME) throw new Error(`a session name is at most ${MAX_SESSION_NAME} characters (this one has ${trimmed.length})`);
  const lower = trimmed.toLowerCase();
  const taken = data.sessions.find((s) => s.id !== exceptId && s.name.toLowerCase() === lower);
  if (taken) throw new Error(`there is already a session named "${taken.name}"`);
  return trimmed;
}

/** The open session's per-session state, as it would be saved when leaving it. */
export function openState(data: Readonly<HookscopeFile>): SavedSessionState {
  return { settings: sessionPart(data.settings), sources: structuredClone(data.sources) };
}

/**
 * Makes `targetId` the open session inside the document: the leaving session's per-session settings
 * and sources go to its `saved` entry, the target's come up to the top level. Machine settings stay.
 */
export function moveToSession(data: HookscopeFile, targetId: string, defaults: Settings): void {
  const leaving = findSession(data, data.currentSessionId);
  const target = findSession(data, targetId);
  if (leaving === target) return;
  leaving.saved = openState(data);
  const state = readSavedState(target.saved, defaults);
  delete target.saved;
  data.settings = withSessionPart(data.settings, state.settings);
  data.sources = state.sources;
  data.currentSessionId = targetId;
}

export function checkDeletable(data: Readonly<HookscopeFile>, id: string): StoredSession {
  const session = findSession(data, id);
  if (data.sessions.length === 1) throw new Error(`"${session.name}" is the only session; create another before deleting it`);
  if (id === data.currentSessionId) throw new Error(`"${session.name}" is open; switch to another session first`);
  return session;
}

/** The poll sources and signing rules of every session but `exceptId`, whose secrets must stay. */
export function idsInUse(data: Readonly<HookscopeFile>, exceptId?: string): { sources: Set<string>; signing: Set<string> } {
  const sources = new Set<string>();
  const signing = new Set<string>();
  for (const session of data.sessions) {
    if (session.id === exceptId) continue;
    const open = session.id === data.currentSessionId;
    const state = open ? openState(data) : session.saved;
    for (const source of state?.sources ?? []) sources.add(source.id);
    for (const rule of (state?.settings.signing ?? []) as unknown[]) {
      if (typeof rule === 'object' && rule !== null && typeof (rule as { id?: unknown }).id === 'string') signing.add((rule as { id: string }).id);
    }
  }
  return { sources, signing };
}

/** The saved state of a session that is not open (the defaults when it never had one). */
export function savedStateOf(session: StoredSession, defaults: Settings): SavedSessionState {
  return readSavedState(session.saved, defaults);
}
