// Feeds the store from the core: one snapshot, then every event. Rows and groups are batched
// per animation frame so that 100 events a second cost one render per frame, not one per event.
import type { Events, HookscopeApi } from '@contract/api';
import type { Notice, SessionList, Snapshot } from '@contract/model';
import { bindCoreSearch } from './core-search';
import { bindTextWarmup } from './text-warmup';
import type { Batch } from './data-slice';
import { useHookscope, type HookscopeStore } from './store';
import type { ConnectionState } from './view-slice';

/** The link to the core as the transports expose it (src/api: `connection`). */
export interface ConnectionSource {
  get(): ConnectionState;
  /** Called on every change, not with the current value; returns an unsubscribe function. */
  subscribe(cb: (state: ConnectionState) => void): () => void;
}

/** A transport object may also carry its own link observer (the WebSocket API does). */
export interface ConnectionAware {
  onConnection?: (cb: (state: ConnectionState) => void) => () => void;
}

/** Runs `flush` soon; returns a cancel function. */
export type Scheduler = (flush: () => void) => () => void;

/**
 * The next animation frame, or a timer when frames stop (a hidden window gets none), so the
 * pending rows cannot pile up unseen.
 */
export const frameScheduler: Scheduler = (flush) => {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    cancel();
    flush();
  };
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
  const timer = setTimeout(run, 100);
  const cancel = (): void => {
    if (raf !== undefined) cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
  return () => {
    done = true;
    cancel();
  };
};

export interface BindOptions {
  store?: HookscopeStore;
  schedule?: Scheduler;
  /** Where the link state comes from; without it, the API's own `onConnection`, if any. */
  connection?: ConnectionSource;
}

export interface Binding {
  /** Settles once the first snapshot is applied (or its failure recorded in the store). */
  ready: Promise<void>;
  /** Loads a fresh snapshot, e.g. after the link to the core came back. */
  resync(): Promise<void>;
  /** Applies pending rows now instead of on the next frame. */
  flush(): void;
  unbind(): void;
}

function emptyBatch(): Batch {
  return { push: [], poll: [], matches: [], pollRecords: [] };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function bindApi(api: HookscopeApi & ConnectionAware, opts: BindOptions = {}): Binding {
  const store = opts.store ?? useHookscope;
  const schedule = opts.schedule ?? frameScheduler;
  let pending = emptyBatch();
  let cancelScheduled: (() => void) | null = null;
  let loading = false;
  let closed = false;
  // Rows seen while a snapshot is on its way: they may or may not be in it, so they are
  // re-applied after it (duplicates are skipped by id).
  let early = emptyBatch();
  let earlyNotices: Notice[] = [];

  const flush = (): void => {
    cancelScheduled?.();
    cancelScheduled = null;
    const b = pending;
    pending = emptyBatch();
    if (b.push.length + b.poll.length + b.matches.length + b.pollRecords.length > 0) store.getState().applyBatch(b);
  };

  const queue = (fill: (b: Batch) => void): void => {
    if (loading) {
      fill(early);
      return;
    }
    fill(pending);
    cancelScheduled ??= schedule(flush);
  };

  const handlers: { [K in keyof Events]: (p: Events[K]) => void } = {
    push: (row) => queue((b) => b.push.push(row)),
    poll: (rows) => queue((b) => b.poll.push(...rows)),
    pollRecord: (rec) => queue((b) => b.pollRecords.push(rec)),
    // Group states that arrive before the snapshot's answer are older than it: the snapshot wins.
    match: (groups) => {
      if (!loading) queue((b) => b.matches.push(...groups));
    },
    sources: (s) => {
      if (!loading) store.getState().setSources(s);
    },
    tunnel: (t) => {
      if (!loading) store.getState().setTunnel(t);
    },
    demo: (d) => {
      if (!loading) store.getState().setDemo(d);
    },
    settings: (s) => {
      if (!loading) store.getState().setSettings(s);
    },
    cleared: () => {
      // Anything still pending belongs to the session that was just cleared.
      cancelScheduled?.();
      cancelScheduled = null;
      pending = emptyBatch();
      early = emptyBatch();
      if (!loading) store.getState().applyCleared();
    },
    notice: (n) => {
      if (loading) earlyNotices.push(n);
      else store.getState().addNotice(n);
    },
    // Checks made while a snapshot is on its way are in it.
    tunnelHealth: (h) => {
      if (!loading) store.getState().addTunnelHealth(h);
    },
    // The detail pane asks for a push's forwards and listens for new ones itself.
    forward: () => undefined,
    sessions: (list) => onSessionList(list),
  };

  const unsubs: (() => void)[] = [];
  for (const name of Object.keys(handlers) as (keyof Events)[]) {
    unsubs.push(api.on(name, handlers[name] as (p: Events[typeof name]) => void));
  }
  // Every command carries the session this window shows, so the core can refuse a change meant for
  // a session that is no longer open (a switch this window has not caught up with yet).
  api.setShownSession(store.getState().session?.id ?? null);
  unsubs.push(
    store.subscribe((s, prev) => {
      if (s.session?.id !== prev.session?.id) api.setShownSession(s.session?.id ?? null);
    }),
  );

  const link = opts.connection;
  const subscribeLink = link ? (cb: (state: ConnectionState) => void) => link.subscribe(cb) : api.onConnection?.bind(api);

  // Loads are serialized: a second request while one is on its way runs once more after it, so
  // rows streamed between two snapshots are never applied to the wrong one.
  let inFlight: Promise<void> | null = null;
  let again = false;
  /** The session a reload is on its way to, after the core said it switched. */
  let target: string | null = null;

  const resync = (): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    const run = async (): Promise<void> => {
      do {
        again = false;
        await loadOnce();
      } while (again && !closed);
    };
    inFlight = run().finally(() => {
      inFlight = null;
      target = null;
    });
    return inFlight;
  };

  // Another session is open in the core: what is pending belongs to the one left (or, if new,
  // is already in the snapshot asked for next), so it is dropped, and the snapshot replaces the rest.
  const onSessionList = (list: SessionList): void => {
    store.getState().setSessionList(list);
    const shown = store.getState().session;
    if (!shown) return;
    // Compared with where the view is headed, not with what it shows: a switch back to the shown
    // session while a reload is on its way to another must still drop that other one's rows.
    if (list.currentId === (target ?? shown.id)) return;
    target = list.currentId;
    cancelScheduled?.();
    cancelScheduled = null;
    pending = emptyBatch();
    early = emptyBatch();
    void resync();
  };

  const applySnap = (snap: Snapshot): void => {
    const s = store.getState();
    const next = snap.session ?? null;
    if (s.session && next && s.session.id !== next.id) s.leaveSessionView();
    s.applySnapshot(snap);
    s.setShownSession(next);
  };

  // An older core has no sessions; the menu then says so when opened.
  const loadList = async (): Promise<void> => {
    try {
      const list = await api.listSessions();
      if (!closed) onSessionList(list);
    } catch {
      // The menu asks again, and shows the error, when it is opened.
    }
  };

  const loadOnce = async (): Promise<void> => {
    loading = true;
    flush();
    try {
      const snap = await api.snapshot();
      if (closed) return;
      applySnap(snap);
      store.getState().setLoadError(null);
      // Without a link observer, an answered snapshot is the only sign that the link works.
      if (!subscribeLink) store.getState().setConnection('open');
    } catch (err) {
      if (closed) return;
      const msg = `Could not load the session from the Hookscope core: ${messageOf(err)}`;
      const s = store.getState();
      // Rows of the session that was left must not stay on screen under the one now open.
      if (target && s.session?.id !== target) {
        s.leaveSessionView();
        s.applyCleared();
        s.setShownSession(s.sessionList?.sessions.find((x) => x.id === target) ?? null);
      }
      if (s.loaded) s.addNotice({ level: 'error', message: msg, t: Date.now() });
      else s.setLoadError(msg);
    } finally {
      loading = false;
      const e = early;
      const notices = earlyNotices;
      early = emptyBatch();
      earlyNotices = [];
      if (!closed) {
        for (const n of notices) store.getState().addNotice(n);
        if (e.push.length + e.poll.length + e.pollRecords.length > 0) {
          queue((b) => {
            b.push.push(...e.push);
            b.poll.push(...e.poll);
            b.pollRecords.push(...e.pollRecords);
          });
        }
      }
    }
  };

  if (link) store.getState().setConnection(link.get());
  if (subscribeLink) {
    let wasClosed = store.getState().connection === 'closed';
    unsubs.push(
      subscribeLink((state) => {
        store.getState().setConnection(state);
        if (state === 'closed') wasClosed = true;
        // Events were missed while the link was down: only a new snapshot tells what happened.
        if (state === 'open' && wasClosed) {
          wasClosed = false;
          void resync().then(loadList);
        }
      }),
    );
  }

  const ready = resync().then(loadList);
  // The filter's header:/body: terms are answered by the core.
  const stopSearch = bindCoreSearch(api, store);
  const stopWarmup = bindTextWarmup(store);

  return {
    ready,
    resync,
    flush,
    unbind() {
      closed = true;
      stopSearch();
      stopWarmup();
      cancelScheduled?.();
      cancelScheduled = null;
      for (const u of unsubs) u();
    },
  };
}
