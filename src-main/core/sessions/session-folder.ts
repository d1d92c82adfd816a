// Each session's events live in sessions/<id>/. The id comes from the settings file, which a user can
// edit by hand: only a plain name may become a folder, so `..` can never point the store elsewhere.
import { join } from 'node:path';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Whether an id can name a session's folder; a settings file listing another one is repaired on read. */
export function isSafeSessionId(id: string): boolean {
  return SAFE_ID.test(id);
}

export function sessionFolder(dataDir: string, id: string): string {
  if (!isSafeSessionId(id)) throw new Error(`session id ${JSON.stringify(id)} cannot name a folder (letters, digits, _ and - only)`);
  return join(dataDir, 'sessions', id);
}
