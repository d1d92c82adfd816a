// `--session <name|id>` on the command line: open that session, creating it by that name when no
// session has that id or name. Used by `serve` (through the core) and `import`.
import type { SessionInfo, Settings } from '../../contract/model';
import { newId } from '../ids';
import type { SettingsDb } from '../store/settings-db';
import { checkSessionName, moveToSession, publicInfo, resolveSession } from './session-index';
import { newSessionState } from './session-settings';

export interface OpenedSession {
  session: SessionInfo;
  created: boolean;
}

export async function openNamedSession(db: SettingsDb, nameOrId: string, defaults: Settings): Promise<OpenedSession> {
  const found = resolveSession(db.sessions, nameOrId);
  const session = found
    ? publicInfo(found)
    : { id: newId('ses'), name: checkSessionName(db.data, nameOrId), createdAt: new Date().toISOString() };
  await db.update((data) => {
    if (!found) data.sessions.push({ ...session, saved: newSessionState(defaults) });
    moveToSession(data, session.id, defaults);
  });
  return { session, created: !found };
}
