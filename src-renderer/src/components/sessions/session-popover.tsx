// The session menu's popover: the list of sessions and the form for a new one. Keys typed in it
// stay in it, so the app's row shortcuts (p, /, arrows) do not act behind it.
import { useEffect, useRef, useState } from 'react';
import { useHookscope } from '../../state/store';
import { useApi } from '../api-context';
import { NewSessionForm } from './new-session-form';
import { SessionList } from './session-list';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function SessionPopover({ onClose }: { onClose: (refocus: boolean) => void }): React.JSX.Element {
  const api = useApi();
  const list = useHookscope((s) => s.sessionList);
  const setSessionList = useHookscope((s) => s.setSessionList);
  const [creating, setCreating] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  // The binding loads the list with the first snapshot and keeps it current; ask only if that failed.
  const missing = list === null;
  useEffect(() => {
    if (!missing) return;
    let live = true;
    api.listSessions().then(
      (l) => live && setSessionList(l),
      (err: unknown) => live && setLoadError(`Listing the sessions failed: ${messageOf(err)}`),
    );
    return () => {
      live = false;
    };
  }, [api, missing, setSessionList]);

  useEffect(() => {
    const onPointer = (e: PointerEvent): void => {
      const target = e.target as Element | null;
      if (target && !ref.current?.contains(target) && !target.closest?.('[data-session-toggle]')) onClose(false);
    };
    // Keys inside the popover are handled by its onKeyDown. Focus can fall out of it (a button
    // that turns disabled while busy drops focus to the page): Esc must still close it.
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as Node | null;
      if (e.key !== 'Escape' || (target && ref.current?.contains(target))) return;
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    };
    window.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [onClose]);

  return (
    <div
      ref={ref}
      className="session-popover"
      role="dialog"
      aria-label="Sessions"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose(true);
        }
      }}
    >
      {list ? (
        <SessionList list={list} onSwitched={() => onClose(true)} autoFocus={!creating} />
      ) : (
        <p className={loadError ? 'ses-error' : 'muted'} role={loadError ? 'alert' : undefined}>
          {loadError ?? 'Loading sessions…'}
        </p>
      )}
      <div className="ses-foot">
        {creating ? (
          <NewSessionForm onCreated={() => onClose(true)} onCancel={() => setCreating(false)} />
        ) : (
          <button type="button" className="btn" onClick={() => setCreating(true)}>
            New session…
          </button>
        )}
      </div>
    </div>
  );
}
