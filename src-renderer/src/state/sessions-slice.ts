// Which named session the UI shows, and the list the session menu offers.
import type { StateCreator } from 'zustand';
import type { SessionInfo, SessionList } from '@contract/model';
import { initialSearch } from './search-slice';
import type { State } from './store';

export interface SessionsState {
  /** The session the rows on screen belong to: the one the last snapshot was of. */
  session: SessionInfo | null;
  /** The core's list; its `currentId` runs ahead of `session` while a switch is loading. */
  sessionList: SessionList | null;
}

export interface SessionsSlice extends SessionsState {
  setSessionList: (list: SessionList) => void;
  setShownSession: (session: SessionInfo | null) => void;
  /** Forgets what the user was looking at in the session that was left; rows go with the next snapshot. */
  leaveSessionView: () => void;
}

export function initialSessions(): SessionsState {
  return { session: null, sessionList: null };
}

/** The shown session's name, a rename included (the list is newer than the snapshot). */
export function shownSessionName(s: SessionsState): string | null {
  if (!s.session) return null;
  const id = s.session.id;
  return s.sessionList?.sessions.find((x) => x.id === id)?.name ?? s.session.name;
}

export const createSessionsSlice: StateCreator<State, [], [], SessionsSlice> = (set) => ({
  ...initialSessions(),
  setSessionList: (sessionList) => set({ sessionList }),
  setShownSession: (session) => set({ session }),
  leaveSessionView: () =>
    set({
      selected: null,
      hoverKey: null,
      detailOpen: false,
      filterText: '',
      classFilter: null,
      coreSearch: initialSearch().coreSearch,
    }),
});
