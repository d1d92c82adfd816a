// Header control: tell me (OS notification) when a push matching a filter arrives. Off by default;
// turning it on asks the browser for permission.
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_NOTIFY, loadNotify, notificationOf, notifyMatches, saveNotify, type NotifySettings } from '../lib/notify';
import { useHookscope } from '../state/store';
import { useApi } from './api-context';
import '../styles/body-viewers.css';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function supported(): boolean {
  return typeof globalThis.Notification === 'function';
}

export function NotifyToggle(): React.JSX.Element {
  const api = useApi();
  const select = useHookscope((s) => s.select);
  const [settings, setSettings] = useState<NotifySettings>(() => (supported() ? loadNotify(storage()) : DEFAULT_NOTIFY));
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  // The push listener reads the ref, not render state: a push that arrives between turning
  // notifications on and React's next commit must still notify.
  const current = useRef(settings);

  const update = (change: Partial<NotifySettings>): void => {
    const next = { ...current.current, ...change };
    current.current = next;
    setSettings(next);
    saveNotify(storage(), next);
  };

  useEffect(() => {
    return api.on('push', (row) => {
      const { enabled, filter } = current.current;
      if (!enabled || !notifyMatches(filter, row) || Notification.permission !== 'granted') return;
      const { title, body } = notificationOf(row);
      const n = new Notification(title, { body, tag: row.id });
      n.onclick = () => {
        window.focus();
        select({ stream: 'push', id: row.id, ...(row.matchKey !== undefined && { matchKey: row.matchKey }) });
      };
    });
  }, [api, select]);

  const enable = async (on: boolean): Promise<void> => {
    setProblem(undefined);
    if (!on) return update({ enabled: false });
    if (!supported()) return setProblem('This browser has no notifications.');
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    if (permission !== 'granted') return setProblem('Notifications are blocked for this page; allow them in the browser settings.');
    update({ enabled: true });
  };

  return (
    <span className="notify-wrap">
      <button type="button" className={`btn${settings.enabled ? ' is-active' : ''}`} aria-expanded={open} onClick={() => setOpen(!open)} title="Notify me when a matching webhook arrives">
        {settings.enabled ? 'Notify: on' : 'Notify'}
      </button>
      {open && (
        <div className="notify-pop" role="dialog" aria-label="Notifications">
          <label>
            <input type="checkbox" checked={settings.enabled} onChange={(e) => void enable(e.target.checked)} /> Notify me when a webhook arrives
          </label>
          <label>
            Only when it contains (method, path, key; all words)
            <input type="text" className="mono" value={settings.filter} placeholder="e.g. POST reply" onChange={(e) => update({ filter: e.target.value })} />
          </label>
          {problem && <div className="is-bad" role="alert">{problem}</div>}
        </div>
      )}
    </span>
  );
}
