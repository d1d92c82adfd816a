// The detail pane's Forward tab: the auto-forward URL (every push goes on to it, like
// `stripe listen --forward-to`) and what became of this push's forwards.
import { useEffect, useState } from 'react';
import type { ForwardRecord, PushEvent } from '@contract/model';
import { formatClock, formatDuration } from '../lib/format';
import { useHookscope } from '../state/store';
import { useApi, useCommand } from './api-context';
import '../styles/body-viewers.css';

function useForwards(pushId: string): ForwardRecord[] | undefined {
  const api = useApi();
  const [records, setRecords] = useState<ForwardRecord[] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    // Subscribe first so a forward finishing while the list loads is not missed.
    const seenLive: ForwardRecord[] = [];
    const off = api.on('forward', (rec) => {
      if (rec.pushId !== pushId) return;
      seenLive.push(rec);
      setRecords((prev) => (prev ? [...prev, rec] : prev));
    });
    api.forwards(pushId).then(
      (list) => {
        if (!live) return;
        const known = new Set(list.map((r) => `${r.t}:${r.url}`));
        setRecords([...list, ...seenLive.filter((r) => !known.has(`${r.t}:${r.url}`))]);
      },
      () => live && setRecords([]),
    );
    return () => {
      live = false;
      off();
    };
  }, [api, pushId]);
  return records;
}

// Keyed by the saved URL, so the draft starts again whenever the setting changes.
function ForwardSetting({ current }: { current: string }): React.JSX.Element {
  const run = useCommand();
  const [draft, setDraft] = useState(current);
  const save = (value: string): void => {
    void run('Setting the forward URL', (api) => api.updateSettings({ forwardTo: value.trim() }));
  };
  return (
    <form
      className="forward-form"
      onSubmit={(e) => {
        e.preventDefault();
        save(draft);
      }}
    >
      <label htmlFor="forward-to" className="hdr-label">
        Forward every push to
      </label>
      <input id="forward-to" className="mono" type="url" placeholder="http://localhost:3000/webhooks" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit" className="btn" disabled={draft.trim() === current}>
        Save
      </button>
      {current !== '' && (
        <button type="button" className="btn" onClick={() => save('')}>
          Turn off
        </button>
      )}
    </form>
  );
}

export function ForwardPanel({ ev }: { ev: PushEvent }): React.JSX.Element {
  const records = useForwards(ev.id);
  const current = useHookscope((s) => s.settings?.forwardTo ?? '');
  const on = current !== '';
  return (
    <div className="forward-panel">
      <ForwardSetting key={current} current={current} />
      <div className="detail-note">
        {on ? 'Each new push is sent on with the same method, path, headers and bytes; its answer is recorded below.' : 'Auto-forward is off. Set a local URL to send every new push on to it.'}
      </div>
      {records === undefined ? (
        <div className="detail-empty">Loading…</div>
      ) : records.length === 0 ? (
        <div className="detail-empty">This push was not forwarded.</div>
      ) : (
        <table className="forwards" aria-label="Forwards of this push">
          <thead>
            <tr>
              <th>Sent</th>
              <th>URL</th>
              <th>Status</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r, i) => (
              <tr key={i} data-testid="forward-row">
                <td>{formatClock(r.t)}</td>
                <td className="mono">{r.url}</td>
                <td>
                  {r.status === null ? <span className="http-status is-bad" title={r.error}>no answer</span> : <span className={`http-status ${r.status >= 400 ? 'is-bad' : 'is-ok'}`}>{r.status}</span>}
                  {r.error && <div className="is-bad">{r.error}</div>}
                </td>
                <td>{formatDuration(r.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
