import { useState } from 'react';
import type { MatchSettings } from '@contract/model';
import { useHookscope } from '../state/store';
import { useApi } from './api-context';
import { closedBySwitch, useOnSessionChange } from './use-session-change';

/** The match keys of both sides and the source-time path, editable where the figures are read. */
export function MatchSettingsButton(): React.JSX.Element {
  const match = useHookscope((s) => s.settings?.match);
  const addNotice = useHookscope((s) => s.addNotice);
  const [open, setOpen] = useState(false);
  // Keys typed for the session left must not be applied to the one switched to.
  useOnSessionChange((name) => {
    if (!open) return;
    setOpen(false);
    addNotice(closedBySwitch('the match keys form', name));
  });
  const label = match ? `${match.pushKey} ↔ ${match.pollKey}` : 'id ↔ id';
  return (
    <span className="match-settings">
      <button type="button" className="link-btn" aria-expanded={open} onClick={() => setOpen(!open)} title="How pushes and polled items are joined">
        keys <span className="mono">{label}</span>
      </button>
      {open && match && <MatchForm initial={match} close={() => setOpen(false)} />}
    </span>
  );
}

function MatchForm({ initial, close }: { initial: MatchSettings; close: () => void }): React.JSX.Element {
  const api = useApi();
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const field = (name: keyof MatchSettings, label: string, hint: string): React.JSX.Element => (
    <label className="ms-field">
      <span>{label}</span>
      <input className="mono" value={form[name]} placeholder={hint} onChange={(e) => setForm({ ...form, [name]: e.target.value })} spellCheck={false} />
    </label>
  );
  const apply = (e: React.FormEvent): void => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    api.updateSettings({ match: { pushKey: form.pushKey.trim(), pollKey: form.pollKey.trim(), timePath: form.timePath.trim() } }).then(
      () => {
        setSaving(false);
        close();
      },
      (err: unknown) => {
        setSaving(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return (
    <form className="ms-pop" onSubmit={apply} aria-label="Match settings">
      {field('pushKey', 'Push key', "id, header:X-GitHub-Delivery, {type}:{data.id}")}
      {field('pollKey', 'Poll key', 'id or {type}:{id}')}
      {field('timePath', 'Source time', 'auto: created_at, created, timestamp…')}
      <div className="ms-note muted">Applies to events captured from now on.</div>
      {error && (
        <div className="ms-error" role="alert">
          {error}
        </div>
      )}
      <div className="ms-actions">
        <button type="button" className="btn" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          Apply
        </button>
      </div>
    </form>
  );
}
