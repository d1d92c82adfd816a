import { useEffect } from 'react';
import { useHookscope } from '../state/store';
import { CloseIcon } from './icons';

/** Info notices fade on their own; warnings and errors stay until dismissed. */
const INFO_TTL_MS = 8000;
const SHOWN = 3;

export function Banners(): React.JSX.Element | null {
  const connection = useHookscope((s) => s.connection);
  const loaded = useHookscope((s) => s.loaded);
  const notices = useHookscope((s) => s.notices);
  const dismiss = useHookscope((s) => s.dismissNotice);

  useEffect(() => {
    const infos = notices.filter((n) => n.level === 'info');
    if (infos.length === 0) return;
    const timers = infos.map((n) => setTimeout(() => dismiss(n.id), INFO_TTL_MS));
    return () => timers.forEach(clearTimeout);
  }, [notices, dismiss]);

  const shown = notices.slice(-SHOWN);
  const hidden = notices.length - shown.length;
  const lost = connection === 'closed' || (connection === 'connecting' && loaded);
  if (!lost && shown.length === 0) return null;
  return (
    <div className="banners" role="status" aria-live="polite">
      {lost && (
        <div className="banner banner-error banner-conn">
          <span className="banner-icon" aria-hidden="true">
            ⚠
          </span>
          Lost the connection to the Hookscope core — capture may go on there, but this view is not updating. Reconnecting…
        </div>
      )}
      {shown.map((n) => (
        <div key={n.id} className={`banner banner-${n.level}`}>
          <span className="banner-icon" aria-hidden="true">
            {n.level === 'error' ? '⨯' : n.level === 'warn' ? '⚠' : 'ℹ'}
          </span>
          <span className="banner-text">{n.message}</span>
          <span className="banner-time">{new Date(n.t).toLocaleTimeString()}</span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
      {hidden > 0 && <div className="banner-more muted">+{hidden} earlier</div>}
    </div>
  );
}
