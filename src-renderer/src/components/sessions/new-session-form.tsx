// Starts a named session: a name, and whether the open session's sources and settings come along.
import { useState } from 'react';
import { useApi } from '../api-context';

export function NewSessionForm({ onCreated, onCancel }: { onCreated: () => void; onCancel: () => void }): React.JSX.Element {
  const api = useApi();
  const [name, setName] = useState('');
  const [copy, setCopy] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="ses-new"
      aria-label="New session"
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        if (name.trim() === '') {
          setError('Give the session a name.');
          return;
        }
        setBusy(true);
        setError(null);
        // The core's refusal (a taken name, say) belongs beside the field, not in a banner.
        api.createSession({ name, copySettings: copy }).then(
          () => onCreated(),
          (err: unknown) => {
            setBusy(false);
            setError(`Creating the session failed: ${err instanceof Error ? err.message : String(err)}`);
          },
        );
      }}
    >
      <label className="ses-field">
        Name
        <input
          autoFocus
          value={name}
          maxLength={200}
          placeholder="Stripe retries, Tuesday"
          aria-invalid={error !== null}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="ses-check">
        <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} />
        Copy this session&apos;s sources and settings
      </label>
      <p className="ses-hint">
        {copy
          ? 'Poll sources, match keys, signing, responses, forwarding and the demo come along; events do not.'
          : 'Starts empty: no poll sources, the demo off, default settings.'}{' '}
        The receiver, tunnel, body limit and retention are shared by all sessions.
      </p>
      {error && (
        <div className="ses-error" role="alert">
          {error}
        </div>
      )}
      <div className="ses-actions">
        <button type="submit" className="btn btn-primary" aria-disabled={busy || undefined}>
          {busy ? 'Creating…' : 'Create and open'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
