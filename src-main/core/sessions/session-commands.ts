// The session-list commands (create, switch, rename, delete) and the order a switch runs in. The
// parts a session owns at run time (store, matcher, sources, demo) are the host's: it closes and
// opens them when told to. List changes run one at a time: two interleaved switches would open the
// wrong store.
import { rm } from 'node:fs/promises';
import type { NewSessionInput } from '../../contract/api';
import type { SessionInfo, SessionList, Settings } from '../../contract/model';
import { newId } from '../ids';
import { storedSigningRules } from '../signing/signing-rules';
import type { SettingsDb } from '../store/settings-db';
import { sessionFolder } from './session-folder';
import { checkDeletable, checkSessionName, findSession, idsInUse, moveToSession, openState, publicInfo, savedStateOf, sessionList } from './session-index';
import { newSessionState } from './session-settings';

export interface SessionHost<Carry> {
  readonly db: SettingsDb;
  readonly dataDir: string;
  readonly defaults: Settings;
  /** Stops the open session's parts and flushes and closes its store; returns what follows the run. */
  leave(): Promise<Carry>;
  /** Opens the store of this session (rejects, changing nothing, when it cannot). */
  enter(id: string): Promise<void>;
  /** Loads the now-current settings, takes the pushes held meanwhile, starts sources and demo. */
  resume(carry: Carry): Promise<void>;
  forgetSourceSecret(id: string): Promise<void>;
  forgetSigningSecret(id: string): Promise<void>;
  sessionsChanged(list: SessionList): void;
  /** A settings write failed (it is retried); the change itself has happened. */
  writeFailed(error: Error): void;
}

export class SessionCommands<Carry> {
  private queue: Promise<unknown> = Promise.resolve();
  /** Set while a switch runs: the host holds pushes and makes commands wait. */
  switching: Promise<void> | undefined;

  constructor(private readonly host: SessionHost<Carry>) {}

  list(): SessionList {
    return sessionList(this.host.db.data);
  }

  current(): SessionInfo {
    return publicInfo(findSession(this.host.db.data, this.host.db.currentSessionId));
  }

  create(input: NewSessionInput): Promise<SessionInfo> {
    return this.exclusive(async () => {
      if (typeof input !== 'object' || input === null) throw new Error('createSession needs {name, copySettings?}');
      const { db } = this.host;
      const name = checkSessionName(db.data, input.name);
      const info: SessionInfo = { id: newId('ses'), name, createdAt: new Date().toISOString() };
      // The switch begins now, so pushes sent right after this command land in the new session. The
      // copy is taken once the session being left has finished its running commands (a source still
      // saving is in it), and the entry is in the list at once; its write is not waited for, since
      // the switch's own write saves the whole list again and reports a failure.
      await this.switchTo(info.id, () => {
        const state = newSessionState(this.host.defaults, input.copySettings === true ? openState(db.data) : undefined);
        void db
          .update((data) => {
            data.sessions.push({ ...info, saved: state });
          })
          .catch(() => undefined);
      });
      return info;
    });
  }

  switch(id: string): Promise<SessionInfo> {
    return this.exclusive(async () => {
      const target = publicInfo(findSession(this.host.db.data, id));
      if (id !== this.host.db.currentSessionId) await this.switchTo(id);
      return target;
    });
  }

  rename(id: string, name: string): Promise<SessionInfo> {
    return this.exclusive(async () => {
      const { db } = this.host;
      findSession(db.data, id);
      const trimmed = checkSessionName(db.data, name, id);
      await db.update((data) => {
        findSession(data, id).name = trimmed;
      });
      this.host.sessionsChanged(this.list());
      return publicInfo(findSession(db.data, id));
    });
  }

  delete(id: string): Promise<SessionList> {
    return this.exclusive(async () => {
      const { db } = this.host;
      const session = checkDeletable(db.data, id);
      const state = savedStateOf(session, this.host.defaults);
      try {
        await rm(sessionFolder(this.host.dataDir, id), { recursive: true, force: true });
      } catch (error) {
        throw new Error(`could not delete the events of "${session.name}": ${(error as Error).message}`, { cause: error });
      }
      await db.update((data) => {
        data.sessions = data.sessions.filter((s) => s.id !== id);
      });
      // Worked out now, not before the awaits: a source or rule removed meanwhile in another session
      // kept its secret for this one (still listed then), so this is the last chance to forget it.
      const keep = idsInUse(db.data, id);
      // Copied sources and rules share their ids, and so their secrets, with the session they came from.
      for (const source of state.sources) if (!keep.sources.has(source.id)) await this.host.forgetSourceSecret(source.id);
      for (const rule of storedSigningRules(state.settings.signing)) if (!keep.signing.has(rule.id)) await this.host.forgetSigningSecret(rule.id);
      this.host.sessionsChanged(this.list());
      return this.list();
    });
  }

  /** Whether another session than the open one keeps a poll source or signing rule with this id. */
  sharedWithOthers(kind: 'sources' | 'signing', id: string): boolean {
    return idsInUse(this.host.db.data, this.host.db.currentSessionId)[kind].has(id);
  }

  /** Resolves once every list change asked for so far has finished (closing waits for it). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const result = this.queue.then(op);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** `prepare` runs once the session being left is quiet, before the target is opened. */
  private async switchTo(id: string, prepare?: () => void): Promise<void> {
    const { db } = this.host;
    let release: () => void = () => undefined;
    this.switching = new Promise<void>((resolve) => (release = resolve));
    let failure: Error | undefined;
    let written: Promise<void> = Promise.resolve();
    let carry: Carry;
    try {
      carry = await this.host.leave();
      try {
        prepare?.();
        await this.host.enter(id);
        // Handled at once: a resume that throws below must not leave this rejection unhandled.
        written = db.update((data) => moveToSession(data, id, this.host.defaults)).catch((error: Error) => this.host.writeFailed(error));
      } catch (error) {
        // The target's folder cannot be used: stay in the session we were in, so capture goes on.
        failure = new Error(`could not open session ${id}: ${(error as Error).message}`, { cause: error });
        await this.host.enter(db.currentSessionId);
      }
    } finally {
      this.switching = undefined;
      release();
    }
    // The list first: a UI that sees the new current id drops the old rows before the new session's
    // held pushes reach it, so they never sit under the old session's rows.
    this.host.sessionsChanged(this.list());
    await this.host.resume(carry);
    await written;
    if (failure) throw failure;
  }
}
