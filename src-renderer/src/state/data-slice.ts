// Everything the core tells us: rows, match groups, sources, tunnel, settings, notices.
import type { StateCreator } from 'zustand';
import type {
  DemoStatus,
  MatchGroup,
  Notice,
  PollRecord,
  PollRow,
  PollSourceView,
  PushRow,
  Settings,
  Snapshot,
  Stream,
  TunnelStatus,
  TunnelHealth,
} from '@contract/model';
import type { State } from './store';

/** Used until the core's settings arrive; the same default the core uses. */
export const DEFAULT_RETENTION = 50_000;
/** Poll records are only shown as recent history; older ones stay in the core's log. */
export const POLL_RECORDS_KEPT = 500;
export const NOTICES_KEPT = 50;
export const TUNNEL_HEALTH_KEPT = 60;

export interface Batch {
  push: PushRow[];
  poll: PollRow[];
  matches: MatchGroup[];
  pollRecords: PollRecord[];
}

export type ShownNotice = Notice & { id: number };

export interface DataState {
  loaded: boolean;
  settings: Settings | null;
  receiverUrl: string;
  dataDir: string;
  tunnel: TunnelStatus | null;
  sources: PollSourceView[];
  demo: DemoStatus | null;
  /** Oldest first. Arrays are replaced, never mutated, so a paused view can keep an old one. */
  push: PushRow[];
  poll: PollRow[];
  /**
   * id → absolute sequence number; the row sits at `seq - base`. Sequence numbers survive
   * dropping the oldest rows, so the map needs no rebuild when the cap trims the front.
   * Mutated in place: nothing renders from it directly.
   */
  pushIndex: Map<string, number>;
  pollIndex: Map<string, number>;
  pushBase: number;
  pollBase: number;
  /** Rejected rows among `push`, kept in step so the header need not scan 100k rows a frame. */
  rejectedCount: number;
  /** key → group. Mutated in place for speed at 100k groups; `matchesVersion` announces changes. */
  matches: Map<string, MatchGroup>;
  matchesVersion: number;
  pollRecords: PollRecord[];
  notices: ShownNotice[];
  nextNoticeId: number;
  /** The latest tunnel health checks (canaries), oldest first. */
  tunnelHealth: TunnelHealth[];
}

export interface DataSlice extends DataState {
  applySnapshot: (s: Snapshot) => void;
  applyBatch: (b: Batch) => void;
  applyCleared: () => void;
  setTunnel: (t: TunnelStatus) => void;
  setSources: (s: PollSourceView[]) => void;
  setDemo: (d: DemoStatus) => void;
  setSettings: (s: Settings) => void;
  addNotice: (n: Notice) => void;
  dismissNotice: (id: number) => void;
  addTunnelHealth: (h: TunnelHealth) => void;
}

export function initialData(): DataState {
  return {
    loaded: false,
    settings: null,
    receiverUrl: '',
    dataDir: '',
    tunnel: null,
    sources: [],
    demo: null,
    push: [],
    poll: [],
    pushIndex: new Map(),
    pollIndex: new Map(),
    pushBase: 0,
    pollBase: 0,
    rejectedCount: 0,
    matches: new Map(),
    matchesVersion: 0,
    pollRecords: [],
    notices: [],
    nextNoticeId: 1,
    tunnelHealth: [],
  };
}

export function rowById(s: DataState, stream: 'push', id: string): PushRow | undefined;
export function rowById(s: DataState, stream: 'poll', id: string): PollRow | undefined;
export function rowById(s: DataState, stream: Stream, id: string): PushRow | PollRow | undefined;
export function rowById(s: DataState, stream: Stream, id: string): PushRow | PollRow | undefined {
  const seq = (stream === 'push' ? s.pushIndex : s.pollIndex).get(id);
  if (seq === undefined) return undefined;
  return stream === 'push' ? s.push[seq - s.pushBase] : s.poll[seq - s.pollBase];
}

interface Appended<R> {
  rows: R[];
  base: number;
  fresh: R[];
  dropped: R[];
}

/** Appends unseen rows and drops the oldest beyond the cap, keeping the index in step. */
function appendCapped<R extends { id: string }>(
  rows: R[],
  base: number,
  index: Map<string, number>,
  incoming: readonly R[],
  cap: number,
): Appended<R> {
  const fresh: R[] = [];
  let seq = base + rows.length;
  for (const r of incoming) {
    // The same row can come twice around a snapshot; rows are immutable, so the first copy stands.
    if (index.has(r.id)) continue;
    index.set(r.id, seq++);
    fresh.push(r);
  }
  let next = fresh.length > 0 ? rows.concat(fresh) : rows;
  let nextBase = base;
  let dropped: R[] = [];
  const excess = next.length - Math.max(1, cap);
  if (excess > 0) {
    dropped = next.slice(0, excess);
    for (const r of dropped) index.delete(r.id);
    next = next.slice(excess);
    nextBase += excess;
  }
  return { rows: next, base: nextBase, fresh, dropped };
}

function countRejected(rows: readonly PushRow[]): number {
  let n = 0;
  for (const r of rows) if (r.rejected !== undefined) n++;
  return n;
}

function capOf(s: { settings: Settings | null }): number {
  const n = s.settings?.retentionPerStream;
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : DEFAULT_RETENTION;
}

/** Groups are kept for twice the row cap: enough for every row shown, bounded all the same. */
function trimMatches(matches: Map<string, MatchGroup>, cap: number): void {
  let excess = matches.size - cap * 2;
  if (excess <= 0) return;
  for (const key of matches.keys()) {
    if (excess-- <= 0) break;
    matches.delete(key);
  }
}

export const createDataSlice: StateCreator<State, [], [], DataSlice> = (set, get) => ({
  ...initialData(),

  applySnapshot(snap) {
    const base = initialData();
    const cap = snap.settings.retentionPerStream > 0 ? snap.settings.retentionPerStream : DEFAULT_RETENTION;
    const push = appendCapped<PushRow>([], 0, base.pushIndex, snap.push, cap);
    const poll = appendCapped<PollRow>([], 0, base.pollIndex, snap.poll, cap);
    for (const g of snap.matches) base.matches.set(g.key, g);
    trimMatches(base.matches, cap);
    let nextNoticeId = get().nextNoticeId;
    const notices = snap.notices.slice(-NOTICES_KEPT).map((n) => ({ ...n, id: nextNoticeId++ }));
    set({
      ...base,
      loaded: true,
      settings: snap.settings,
      receiverUrl: snap.receiverUrl,
      dataDir: snap.dataDir,
      tunnel: snap.tunnel,
      sources: snap.sources,
      demo: snap.demo,
      push: push.rows,
      pushBase: push.base,
      rejectedCount: countRejected(push.rows),
      poll: poll.rows,
      pollBase: poll.base,
      matchesVersion: get().matchesVersion + 1,
      pollRecords: snap.pollRecords.slice(-POLL_RECORDS_KEPT),
      notices,
      nextNoticeId,
      tunnelHealth: (snap.tunnelHealth ?? []).slice(-TUNNEL_HEALTH_KEPT),
      // A new snapshot replaces what a paused view was showing, and any selection in it.
      frozen: null,
      paused: false,
      newWhilePaused: 0,
    });
  },

  applyBatch(b) {
    const s = get();
    const cap = capOf(s);
    const patch: Partial<State> = {};
    let added = 0;
    if (b.push.length > 0) {
      const r = appendCapped(s.push, s.pushBase, s.pushIndex, b.push, cap);
      patch.push = r.rows;
      patch.pushBase = r.base;
      patch.rejectedCount = s.rejectedCount + countRejected(r.fresh) - countRejected(r.dropped);
      added += r.fresh.length;
    }
    if (b.poll.length > 0) {
      const r = appendCapped(s.poll, s.pollBase, s.pollIndex, b.poll, cap);
      patch.poll = r.rows;
      patch.pollBase = r.base;
      added += r.fresh.length;
    }
    if (b.matches.length > 0) {
      for (const g of b.matches) s.matches.set(g.key, g);
      trimMatches(s.matches, cap);
      patch.matchesVersion = s.matchesVersion + 1;
    }
    if (b.pollRecords.length > 0) {
      const seen = new Set(s.pollRecords.map((r) => r.id));
      const fresh = b.pollRecords.filter((r) => !seen.has(r.id));
      if (fresh.length > 0) patch.pollRecords = s.pollRecords.concat(fresh).slice(-POLL_RECORDS_KEPT);
    }
    if (s.paused && added > 0) patch.newWhilePaused = s.newWhilePaused + added;
    set(patch);
  },

  applyCleared() {
    const s = get();
    const fresh = initialData();
    set({
      push: [],
      poll: [],
      pushIndex: fresh.pushIndex,
      pollIndex: fresh.pollIndex,
      pushBase: 0,
      pollBase: 0,
      rejectedCount: 0,
      matches: fresh.matches,
      matchesVersion: s.matchesVersion + 1,
      pollRecords: [],
      frozen: s.paused ? { push: [], poll: [], matches: new Map(), matchesVersion: s.matchesVersion + 1 } : null,
      newWhilePaused: 0,
      selected: null,
      hoverKey: null,
      detailOpen: false,
    });
  },

  setTunnel: (tunnel) => set({ tunnel }),
  setSources: (sources) => set({ sources }),
  setDemo: (demo) => set({ demo }),

  setSettings(settings) {
    set({ settings });
    // A lower cap applies at once, not only when the next row arrives.
    const s = get();
    const cap = capOf(s);
    if (s.push.length > cap || s.poll.length > cap) {
      const push = appendCapped(s.push, s.pushBase, s.pushIndex, [], cap);
      const poll = appendCapped(s.poll, s.pollBase, s.pollIndex, [], cap);
      set({
        push: push.rows,
        pushBase: push.base,
        rejectedCount: s.rejectedCount - countRejected(push.dropped),
        poll: poll.rows,
        pollBase: poll.base,
      });
    }
  },

  addNotice(n) {
    const s = get();
    set({ notices: [...s.notices, { ...n, id: s.nextNoticeId }].slice(-NOTICES_KEPT), nextNoticeId: s.nextNoticeId + 1 });
  },

  dismissNotice(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },

  addTunnelHealth(h) {
    set({ tunnelHealth: [...get().tunnelHealth, h].slice(-TUNNEL_HEALTH_KEPT) });
  },
});
