// The poll sources drawer: every source's card, and the editor to add or change one.
import { useEffect } from 'react';
import { useHookscope } from '../../state/store';
import '../../styles/sources.css';
import { SourceCard } from './source-card';
import { SourceEditor } from './source-editor';
import { useSourcesUi } from './sources-ui';
import { closedBySwitch, useOnSessionChange } from '../use-session-change';

export function SourcesButton(): React.JSX.Element {
  const show = useSourcesUi((s) => s.show);
  return (
    <button type="button" className="btn" onClick={() => show()} title="Poll sources: add, edit, test, see their cost">
      Sources…
    </button>
  );
}

export function SourcesPanel(): React.JSX.Element | null {
  const open = useSourcesUi((s) => s.open);
  const editing = useSourcesUi((s) => s.editing);
  const edit = useSourcesUi((s) => s.edit);
  const close = useSourcesUi((s) => s.close);
  const sources = useHookscope((s) => s.sources);
  const addNotice = useHookscope((s) => s.addNotice);

  // A form filled in for the session left must not be saved into the one switched to.
  useOnSessionChange((name) => {
    if (useSourcesUi.getState().editing === null) return;
    edit(null);
    addNotice(closedBySwitch('the poll source form', name));
  });

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, close]);

  if (!open) return null;
  const view = editing && editing !== 'new' ? sources.find((s) => s.config.id === editing) : undefined;
  return (
    <div className="modal-backdrop src-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <aside className="src-panel" role="dialog" aria-modal="true" aria-label="Poll sources">
        <header className="src-panel-head">
          <h2>Poll sources</h2>
          <span className="spacer" />
          {editing === null && (
            <button type="button" className="btn btn-primary" onClick={() => edit('new')}>
              Add source
            </button>
          )}
          <button type="button" className="btn" onClick={close} aria-label="Close">
            Close
          </button>
        </header>
        <div className="src-panel-body">
          {editing !== null ? (
            <SourceEditor key={editing} view={view} onDone={() => edit(null)} />
          ) : sources.length === 0 ? (
            <p className="muted">No poll sources yet. Add one, or start from a template.</p>
          ) : (
            sources.map((s) => <SourceCard key={s.config.id} view={s} onEdit={() => edit(s.config.id)} />)
          )}
        </div>
      </aside>
    </div>
  );
}
