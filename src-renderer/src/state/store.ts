// The one store, built from slices: what the core said, what the user is looking at, the core's
// search answers and the named sessions.
import { create } from 'zustand';
import type { MatchGroup, PollRow, PushRow } from '@contract/model';
import { createDataSlice, initialData, type DataSlice } from './data-slice';
import { createViewSlice, initialView, type ViewSlice } from './view-slice';
import { createSearchSlice, initialSearch, type SearchSlice } from './search-slice';
import { createSessionsSlice, initialSessions, type SessionsSlice } from './sessions-slice';

export type State = DataSlice & ViewSlice & SearchSlice & SessionsSlice;

export const useHookscope = create<State>()((...a) => ({
  ...createDataSlice(...a),
  ...createViewSlice(...a),
  ...createSearchSlice(...a),
  ...createSessionsSlice(...a),
}));

export type HookscopeStore = typeof useHookscope;

/** Back to an empty store, with fresh maps (the live ones are mutated in place). */
export function resetStore(store: HookscopeStore = useHookscope): void {
  store.setState({ ...initialData(), ...initialView(), ...initialSearch(), ...initialSessions() });
}

// The view shows the frozen copy while paused, the live data otherwise.
export const selectViewPush = (s: State): PushRow[] => s.frozen?.push ?? s.push;
export const selectViewPoll = (s: State): PollRow[] => s.frozen?.poll ?? s.poll;
export const selectViewMatches = (s: State): Map<string, MatchGroup> => s.frozen?.matches ?? s.matches;
export const selectViewMatchesVersion = (s: State): number => s.frozen?.matchesVersion ?? s.matchesVersion;
