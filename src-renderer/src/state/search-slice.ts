// The core's answer to the filter's header:/body: terms (only the core holds headers and bodies).
import type { StateCreator } from 'zustand';
import type { State } from './store';

export interface CoreSearch {
  /** The filter text the answer belongs to; '' when no core search is wanted. */
  text: string;
  /** Ids of the events whose headers and bodies match; null until the core has answered. */
  ids: ReadonlySet<string> | null;
  pending: boolean;
  error: string | null;
}

export interface SearchState {
  coreSearch: CoreSearch;
}

export interface SearchSlice extends SearchState {
  setCoreSearch: (c: CoreSearch) => void;
}

export function initialSearch(): SearchState {
  return { coreSearch: { text: '', ids: null, pending: false, error: null } };
}

export const createSearchSlice: StateCreator<State, [], [], SearchSlice> = (set) => ({
  ...initialSearch(),
  setCoreSearch: (coreSearch) => set({ coreSearch }),
});
