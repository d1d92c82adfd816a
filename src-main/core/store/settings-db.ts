// Settings, poll sources and the session list: small, rarely written, so one lowdb JSON document.
// Captured events never go here (see event-store.ts): lowdb rewrites the whole document on each write.
import { access, copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { PollSourceConfig, SessionInfo, Settings } from '../../contract/model';
import type { SavedSessionState } from '../sessions/session-settings';
import { normalizeFile } from './settings-shape';

export const SETTINGS_FILE = 'hookscope.json';
/** Bursts of updates (a slider, a typed field) become one write. */
export const SETTINGS_COALESCE_MS = 100;
const RETRY_MS = 1000;

/** The session a fresh file starts with; its events are in sessions/default, as before sessions had names. */
export const FIRST_SESSION_ID = 'default';

/**
 * A session as the file keeps it. `saved` holds the per-session settings and sources of a session that
 * is not open (the open one's are the file's top-level `settings` and `sources`); it never goes to the UI.
 */
export interface StoredSession extends SessionInfo {
  saved?: SavedSessionState;
}

export interface HookscopeFile {
  version: 1;
  settings: Settings;
  sources: PollSourceConfig[];
  sessions: StoredSession[];
  currentSessionId: string;
}

/** A settings file that cannot be used as it is; it names the file and the problem. */
export class SettingsFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${problem}`, options);
    this.name = 'SettingsFileError';
  }
}

/** What a new (or unreadable) file starts with. */
export interface SettingsDbDefaults {
  settings: Settings;
  sources?: PollSourceConfig[];
}

export interface SettingsDbOptions {
  coalesceMs?: number;
  /** A background write failed (it is retried); flush() and close() also reject with it. */
  onError?(error: Error): void;
}

export interface SettingsDb {
  readonly path: string;
  readonly data: Readonly<HookscopeFile>;
  readonly settings: Readonly<Settings>;
  readonly sources: readonly PollSourceConfig[];
  readonly sessions: readonly StoredSession[];
  readonly currentSessionId: string;
  /** Problems found on open (unreadable file moved aside, fields reset to defaults), for the user. */
  readonly warnings: readonly string[];
  /** The last write failure, cleared by the next successful write. */
  readonly writeError: string | undefined;
  /**
   * Applies the mutator to a copy and, if it does not throw, makes it current at once and schedules
   * a write (bursts coalesce into one). Resolves when that write is on disk; rejects if the mutator
   * throws (nothing changes) or the write fails (the change stays current and is retried).
   */
  update(mutator: (data: HookscopeFile) => void): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function openSettingsDb(dataDir: string, defaults: SettingsDbDefaults, options: SettingsDbOptions = {}): Promise<SettingsDb> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, SETTINGS_FILE);
  // JSONFile writes through steno: a temp file renamed over the old one, so a crash mid-write leaves
  // either the old or the new document, never half of one.
  const adapter = new JSONFile<HookscopeFile>(file);
  const warnings: string[] = [];
  let stored: unknown = null;
  try {
    stored = await adapter.read();
  } catch (error) {
    if (!(error instanceof SyntaxError)) {
      throw new SettingsFileError(file, `cannot be read: ${(error as Error).message}`, { cause: error });
    }
    const problem = new SettingsFileError(file, `is not valid JSON (${error.message})`, { cause: error });
    const aside = await moveAside(file, rename);
    warnings.push(`${problem.message}. It was kept as ${aside}; Hookscope started with default settings.`);
    stored = null;
  }

  const fresh: HookscopeFile = {
    version: 1, settings: structuredClone(defaults.settings), sources: structuredClone(defaults.sources ?? []), sessions: [], currentSessionId: '',
  };
  let data = fresh;
  let needsWrite = stored === null;
  if (stored !== null) {
    const { value, problems, fatal } = normalizeFile(stored, defaults.settings);
    if (problems.length > 0) {
      // Keep the user's original before the repaired document overwrites it.
      const aside = await moveAside(file, fatal ? rename : copyFile);
      warnings.push(`${file}: ${problems.join('; ')}. The original was kept as ${aside}.`);
      needsWrite = true;
    }
    data = value ?? fresh;
  }
  if (data.sessions.length === 0) {
    data.sessions.push({ id: FIRST_SESSION_ID, name: 'Session 1', createdAt: new Date().toISOString() });
    needsWrite = true;
  }
  if (!data.sessions.some((s) => s.id === data.currentSessionId)) {
    data.currentSessionId = data.sessions[data.sessions.length - 1].id;
    needsWrite = true;
  }
  if (await adoptDefaultFolder(dataDir, data)) needsWrite = true;

  const db = new Low<HookscopeFile>(adapter, data);
  db.data = data;
  const handle = new SettingsDbImpl(file, db, warnings, options);
  if (needsWrite) {
    // A data folder we cannot write to must not stop the app: it runs on, retries, and says why.
    await handle.markDirtyAndWrite().catch((error: Error) => warnings.push(error.message));
  }
  return handle;
}

/**
 * Files written before sessions had folders of their own list one `ses_…` session while its events
 * are in sessions/default. Renaming that session to `default` keeps its events; nothing is moved.
 */
export async function adoptDefaultFolder(dataDir: string, data: Pick<HookscopeFile, 'sessions' | 'currentSessionId'>): Promise<boolean> {
  if (data.sessions.some((s) => s.id === FIRST_SESSION_ID)) return false;
  const exists = (id: string) => access(join(dataDir, 'sessions', id)).then(() => true, () => false);
  if (!(await exists(FIRST_SESSION_ID)) || (await exists(data.currentSessionId))) return false;
  const session = data.sessions.find((s) => s.id === data.currentSessionId);
  if (!session) return false;
  session.id = FIRST_SESSION_ID;
  data.currentSessionId = FIRST_SESSION_ID;
  return true;
}

async function moveAside(file: string, how: (from: string, to: string) => Promise<void>): Promise<string> {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await how(file, aside);
  } catch (error) {
    // Without a safe copy, starting over would overwrite the user's file on the first write.
    throw new SettingsFileError(file, `is damaged and could not be moved aside to ${aside}: ${(error as Error).message}`, { cause: error });
  }
  return aside;
}

class SettingsDbImpl implements SettingsDb {
  writeError: string | undefined;
  private dirty = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(
    readonly path: string,
    private readonly db: Low<HookscopeFile>,
    readonly warnings: string[],
    private readonly options: SettingsDbOptions,
  ) {}

  get data(): Readonly<HookscopeFile> {
    return this.db.data;
  }
  get settings(): Readonly<Settings> {
    return this.db.data.settings;
  }
  get sources(): readonly PollSourceConfig[] {
    return this.db.data.sources;
  }
  get sessions(): readonly StoredSession[] {
    return this.db.data.sessions;
  }
  get currentSessionId(): string {
    return this.db.data.currentSessionId;
  }

  update(mutator: (data: HookscopeFile) => void): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`settings database ${this.path} is closed`));
    const draft = structuredClone(this.db.data);
    try {
      mutator(draft);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.db.data = draft;
    this.dirty = true;
    const written = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule(this.options.coalesceMs ?? SETTINGS_COALESCE_MS);
    return written;
  }

  async flush(): Promise<void> {
    this.clearTimer();
    await this.writeNow();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  markDirtyAndWrite(): Promise<void> {
    this.dirty = true;
    return this.writeNow();
  }

  /** One write at a time; a change made during a write is picked up by the next one. */
  async writeNow(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
    if (!this.dirty) return;
    this.dirty = false;
    // The document is serialised when the write starts, so exactly these updates are in it.
    const waiters = this.waiters.splice(0);
    const write = this.db.write().then(
      () => {
        this.writeError = undefined;
        waiters.forEach((w) => w.resolve());
      },
      (error: unknown) => {
        this.dirty = true;
        const err = new SettingsFileError(this.path, `could not be saved: ${(error as Error).message}`, { cause: error });
        this.writeError = err.message;
        this.options.onError?.(err);
        waiters.forEach((w) => w.reject(err));
        if (!this.closed) this.schedule(RETRY_MS);
        throw err;
      },
    );
    this.writing = write.finally(() => {
      this.writing = undefined;
    });
    await this.writing;
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) this.writeNow().catch(() => undefined); // reported through onError and writeError
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
