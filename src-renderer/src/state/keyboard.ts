// Keyboard-first navigation. One handler on the window, acting on the store, so every key
// works the same wherever focus is (except while typing in a field).
import type { EventRow, Stream } from '@contract/model';
import { crossTarget, indexOfId, moveSelection } from '../lib/navigation';
import type { HookscopeStore } from './store';
import { visibleRows } from './visible';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
}

export interface KeyEffects {
  focusFilter(): void;
  focusColumn(stream: Stream): void;
}

const PAGE = 20;

function isTyping(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

function isPressable(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  return el.tagName === 'BUTTON' || el.tagName === 'A' || el.getAttribute('role') === 'tab';
}

/** Returns true when the key was handled (the caller then prevents the default). */
export function handleKey(e: KeyInput, store: HookscopeStore, fx: KeyEffects): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  if (isTyping(e.target)) return false;
  const s = store.getState();
  const pick = (row: EventRow | undefined): boolean => {
    if (!row) return false;
    s.select({ stream: row.stream, id: row.id, matchKey: row.matchKey });
    fx.focusColumn(row.stream);
    return true;
  };
  const step = (delta: number): boolean => {
    const stream = s.focusedColumn;
    const rows = visibleRows(s, stream);
    const current = s.selected?.stream === stream ? s.selected.id : undefined;
    pick(moveSelection(rows, current, delta));
    return true;
  };

  switch (e.key) {
    case '/':
      fx.focusFilter();
      return true;
    case 'p':
    case 'P':
      s.togglePause();
      return true;
    case 'Escape':
      if (!s.selected && !s.detailOpen) return false;
      s.clearSelection();
      return true;
    case 'ArrowUp':
      return step(-1);
    case 'ArrowDown':
      return step(1);
    case 'PageUp':
      return step(-PAGE);
    case 'PageDown':
      return step(PAGE);
    case 'Home':
      return step(-Infinity);
    case 'End':
      return step(Infinity);
    case 'ArrowLeft':
    case 'ArrowRight': {
      const to: Stream = e.key === 'ArrowLeft' ? 'push' : 'poll';
      const fromRows = s.selected ? visibleRows(s, s.selected.stream) : [];
      const from = s.selected ? fromRows[indexOfId(fromRows, s.selected.id)] : undefined;
      if (s.selected?.stream === to) {
        fx.focusColumn(to);
        return true;
      }
      if (!pick(crossTarget(visibleRows(s, to), from))) {
        s.setFocusedColumn(to);
        fx.focusColumn(to);
      }
      return true;
    }
    case 'Enter':
      if (isPressable(e.target) || !s.selected) return false;
      s.openDetail();
      return true;
    default:
      return false;
  }
}
