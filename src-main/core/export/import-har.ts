// `hookscope import FILE`: a HAR's requests into the data folder's session, as if they had been
// captured there. Takes the data lock, so it refuses while `hookscope serve` owns the folder (the
// running app imports through its own command instead).
import { mkdir, readFile } from 'node:fs/promises';
import type { HookEvent, ImportResult, PollEvent, PushEvent } from '../../contract/model';
import { acquireDataLock } from '../store/data-lock';
import { EventStore } from '../store/event-log';
import { sessionDir } from './export-events';
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

export async function importHarFile(dataDir: string, file: string): Promise<ImportResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const parsed = parseHar(text);
  // Importing into a folder Hookscope has never used is how a HAR gets a session of its own.
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataLock(dataDir);
  try {
    const store = await EventStore.open(sessionDir(dataDir), { retentionPerStream: Number.MAX_SAFE_INTEGER });
    try {
      const ids = new Set([...store.pushRows(), ...store.pollRows()].map((row) => row.id));
      const { events, skipped } = newEvents(parsed, (id) => ids.has(id));
      for (const event of events) {
        if (event.stream === 'push') store.appendPush(event);
        else store.appendPoll([event]);
      }
      return { imported: events.length, skipped: skipped + parsed.problems.length, problems: parsed.problems };
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}
