// The sessions, newest first, the open one marked. Arrow keys move between them, Enter or a click
// opens one; each can be renamed in place or deleted after a confirm. The core's refusals show
// under the list.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo, SessionList as List } from '@contract/model';
import { useHookscope } from '../../state/store';
import { useApi } from '../api-context';
import { ConfirmDialog } from '../confirm-dialog';
import { SessionRow } from './session-row';

const ITEM = '[data-session-item]';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function newestFirst(sessions: readonly SessionInfo[]): SessionInfo[] {
  return [...sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function SessionList({ list, onSwitched, autoFocus }: { list: List; onSwitched: () => void; autoFocus: boolean }): React.JSX.Element {
  const api = useApi();
  const setSessionList = useHookscope((s) => s.setSessionList);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SessionInfo | null>(null);
  const ref = useRef<HTMLUListElement>(null);

  const items = (): HTMLElement[] => Array.from(ref.current?.querySelectorAll<HTMLElement>(ITEM) ?? []);
  const focusOpen = useCallback(() => {
    const all = Array.from(ref.current?.querySelectorAll<HTMLElement>(ITEM) ?? []);
    (all.find((el) => el.getAttribute('aria-current') === 'true') ?? all[0])?.focus();
  }, []);
  useEffect(() => {
    if (autoFocus) focusOpen();
  }, [autoFocus, focusOpen]);

  const attempt = async (id: string, what: string, run: () => Promise<void>): Promise<boolean> => {
    setBusy(id);
    setError(null);
    try {
      await run();
      return true;
    } catch (err) {
      setError(`${what} failed: ${messageOf(err)}`);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const pick = (info: SessionInfo): void => {
    if (info.id === list.currentId) {
      onSwitched();
      return;
    }
    // The binding reloads the rows when the core announces the switch.
    void attempt(info.id, `Opening "${info.name}"`, async () => {
      await api.switchSession(info.id);
    }).then((ok) => ok && onSwitched());
  };

  const rename = (info: SessionInfo, name: string): void => {
    void attempt(info.id, `Renaming "${info.name}"`, async () => {
      await api.renameSession(info.id, name);
    }).then((ok) => {
      if (!ok) return;
      setRenaming(null);
      requestAnimationFrame(focusOpen);
    });
  };

  const remove = (info: SessionInfo): void => {
    void attempt(info.id, `Deleting "${info.name}"`, async () => {
      setSessionList(await api.deleteSession(info.id));
    }).then(() => requestAnimationFrame(focusOpen));
  };

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const all = items();
    if (all.length === 0) return;
    e.preventDefault();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const next =
      e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : e.key === 'ArrowDown' ? Math.min(all.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
    all[next]?.focus();
  };

  return (
    <>
      <ul ref={ref} className="ses-list" aria-label="Sessions" onKeyDown={onKeyDown}>
        {newestFirst(list.sessions).map((info) => (
          <SessionRow
            key={info.id}
            info={info}
            isOpen={info.id === list.currentId}
            busy={busy === info.id}
            disabled={busy !== null}
            renaming={renaming === info.id}
            onPick={() => pick(info)}
            onRename={() => {
              setError(null);
              setRenaming(info.id);
            }}
            onRenameSave={(name) => rename(info, name)}
            onRenameCancel={() => {
              setRenaming(null);
              requestAnimationFrame(focusOpen);
            }}
            // The core refuses to delete the open session; its reason is shown, nothing to confirm.
            onDelete={() => (info.id === list.currentId ? remove(info) : setDeleting(info))}
          />
        ))}
      </ul>
      {error && (
        <div className="ses-error" role="alert">
          {error}
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the session "${deleting.name}"?`}
          confirmLabel="Delete session"
          onCancel={() => {
            setDeleting(null);
            requestAnimationFrame(focusOpen);
          }}
          onConfirm={() => {
            const info = deleting;
            setDeleting(null);
            remove(info);
          }}
        >
          All events captured in &quot;{deleting.name}&quot; are deleted, on disk too, with its poll sources and settings. This cannot be
          undone.
        </ConfirmDialog>
      )}
    </>
  );
}
