// Notifications for arriving pushes, decided in the renderer: the browser's Notification API needs a
// permission that belongs to this browser (or Electron window) anyway, so the setting lives beside it
// in localStorage rather than in the session.
import type { PushRow } from '@contract/model';

export interface NotifySettings {
  enabled: boolean;
  /** Words that must all appear (any case) in the push's method, path, query, match key or summary; '' = every push. */
  filter: string;
}

export const NOTIFY_KEY = 'hookscope.notify';
export const DEFAULT_NOTIFY: NotifySettings = { enabled: false, filter: '' };

export function loadNotify(storage: Pick<Storage, 'getItem'> | undefined): NotifySettings {
  try {
    const raw = storage?.getItem(NOTIFY_KEY);
    if (!raw) return DEFAULT_NOTIFY;
    const v = JSON.parse(raw) as Partial<NotifySettings>;
    return { enabled: v.enabled === true, filter: typeof v.filter === 'string' ? v.filter : '' };
  } catch {
    // A damaged entry (hand-edited, another version) means "off", never a crash.
    return DEFAULT_NOTIFY;
  }
}

export function saveNotify(storage: Pick<Storage, 'setItem'> | undefined, s: NotifySettings): void {
  try {
    storage?.setItem(NOTIFY_KEY, JSON.stringify(s));
  } catch {
    // Storage full or disabled: the setting still holds for this page.
  }
}

export function notifyMatches(filter: string, row: PushRow): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const hay = `${row.method} ${row.path}${row.query ? `?${row.query}` : ''} ${row.matchKey ?? ''} ${row.summary}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function notificationOf(row: PushRow): { title: string; body: string } {
  return { title: `Webhook: ${row.method} ${row.path}`, body: row.summary || row.matchKey || `${row.size} bytes` };
}
