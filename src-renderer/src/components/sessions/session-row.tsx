// One session in the menu: its name and creation date (the open one marked), rename and delete.
import type { SessionInfo } from '@contract/model';
import { RenameField } from './rename-field';

function formatCreated(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

// While a command runs the buttons refuse clicks but stay focusable: a disabled button would drop
// the keyboard user's focus to the page.
const guard = (off: boolean, run: () => void) => (): void => {
  if (!off) run();
};

export interface SessionRowProps {
  info: SessionInfo;
  isOpen: boolean;
  busy: boolean;
  disabled: boolean;
  renaming: boolean;
  onPick: () => void;
  onRename: () => void;
  onRenameSave: (name: string) => void;
  onRenameCancel: () => void;
  onDelete: () => void;
}

export function SessionRow(p: SessionRowProps): React.JSX.Element {
  return (
    <li className={`ses-row${p.isOpen ? ' is-open' : ''}`} data-session-id={p.info.id}>
      {p.renaming ? (
        <RenameField name={p.info.name} busy={p.busy} onSave={p.onRenameSave} onCancel={p.onRenameCancel} />
      ) : (
        <>
          <button
            type="button"
            className="ses-item"
            data-session-item
            aria-current={p.isOpen ? 'true' : undefined}
            aria-disabled={p.disabled || undefined}
            title={p.isOpen ? 'The open session' : `Open "${p.info.name}"`}
            onClick={guard(p.disabled, p.onPick)}
          >
            <span className="ses-dot" aria-hidden="true" />
            <span className="ses-name">{p.info.name}</span>
            {p.isOpen && <span className="ses-tag">open</span>}
            <span className="ses-date">{p.busy ? 'working…' : formatCreated(p.info.createdAt)}</span>
          </button>
          <button type="button" className="link-btn ses-act" aria-disabled={p.disabled || undefined} aria-label={`Rename ${p.info.name}`} onClick={guard(p.disabled, p.onRename)}>
            Rename
          </button>
          {/* The open session looks unavailable here; a click still says why (the core's reason). */}
          <button
            type="button"
            className="link-btn ses-act ses-del"
            aria-disabled={p.disabled || p.isOpen || undefined}
            aria-label={`Delete ${p.info.name}`}
            title={p.isOpen ? 'The open session cannot be deleted: open another one first' : undefined}
            onClick={guard(p.disabled, p.onDelete)}
          >
            Delete
          </button>
        </>
      )}
    </li>
  );
}
