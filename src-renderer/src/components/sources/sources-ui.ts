// Whether the sources panel is open and what it edits. Kept apart from the main store: it is
// local UI state that nothing else reads.
import { create } from 'zustand';

export interface SourcesUi {
  open: boolean;
  /** A source id, 'new', or null for the list. */
  editing: string | null;
  show: (editing?: string | null) => void;
  edit: (editing: string | null) => void;
  close: () => void;
}

export const useSourcesUi = create<SourcesUi>()((set) => ({
  open: false,
  editing: null,
  show: (editing = null) => set({ open: true, editing }),
  edit: (editing) => set({ editing }),
  close: () => set({ open: false, editing: null }),
}));
