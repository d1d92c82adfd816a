// What the user is looking at: selection, hover, filters, pause, layout.
import type { StateCreator } from 'zustand';
import type { MatchGroup, PollRow, PushRow, Stream } from '@contract/model';
import type { ClassFilter } from '../lib/row-class';
import type { State } from './store';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Selection {
  stream: Stream;
  id: string;
  matchKey?: string;
}

/** What a paused view keeps showing while capture goes on underneath. */
export interface FrozenView {
  push: PushRow[];
  poll: PollRow[];
  matches: Map<string, MatchGroup>;
  matchesVersion: number;
}

export const DETAIL_MIN = 120;
export const DETAIL_DEFAULT = 280;

export interface ViewState {
  selected: Selection | null;
  hoverKey: string | null;
  focusedColumn: Stream;
  detailOpen: boolean;
  detailHeight: number;
  filterText: string;
  classFilter: ClassFilter | null;
  paused: boolean;
  frozen: FrozenView | null;
  newWhilePaused: number;
  connection: ConnectionState;
  /** Set when the first snapshot could not be loaded; the app shows it instead of empty columns. */
  loadError: string | null;
}

export interface ViewSlice extends ViewState {
  select: (sel: Selection, opts?: { open?: boolean }) => void;
  clearSelection: () => void;
  setHoverKey: (key: string | null) => void;
  setFocusedColumn: (stream: Stream) => void;
  openDetail: () => void;
  closeDetail: () => void;
  setDetailHeight: (px: number) => void;
  setFilterText: (text: string) => void;
  setClassFilter: (cls: ClassFilter | null) => void;
  togglePause: () => void;
  setConnection: (c: ConnectionState) => void;
  setLoadError: (msg: string | null) => void;
}

export function initialView(): ViewState {
  return {
    selected: null,
    hoverKey: null,
    focusedColumn: 'push',
    detailOpen: false,
    detailHeight: DETAIL_DEFAULT,
    filterText: '',
    classFilter: null,
    paused: false,
    frozen: null,
    newWhilePaused: 0,
    connection: 'connecting',
    loadError: null,
  };
}

export const createViewSlice: StateCreator<State, [], [], ViewSlice> = (set, get) => ({
  ...initialView(),

  select(sel, opts) {
    set({ selected: sel, focusedColumn: sel.stream, ...(opts?.open ? { detailOpen: true } : {}) });
  },
  clearSelection: () => set({ selected: null, detailOpen: false }),
  setHoverKey(key) {
    if (get().hoverKey !== key) set({ hoverKey: key });
  },
  setFocusedColumn: (focusedColumn) => set({ focusedColumn }),
  openDetail() {
    if (get().selected) set({ detailOpen: true });
  },
  closeDetail: () => set({ detailOpen: false }),
  setDetailHeight: (px) => set({ detailHeight: Math.max(DETAIL_MIN, Math.round(px)) }),
  setFilterText: (filterText) => set({ filterText }),
  setClassFilter: (classFilter) => set({ classFilter }),
  togglePause() {
    const s = get();
    if (s.paused) {
      set({ paused: false, frozen: null, newWhilePaused: 0 });
    } else {
      // The live arrays are never mutated, so keeping references is enough; groups are mutated
      // in place, so the paused view needs its own copy of them.
      set({
        paused: true,
        newWhilePaused: 0,
        frozen: { push: s.push, poll: s.poll, matches: new Map(s.matches), matchesVersion: s.matchesVersion },
      });
    }
  },
  setConnection: (connection) => set({ connection }),
  setLoadError: (loadError) => set({ loadError }),
});
