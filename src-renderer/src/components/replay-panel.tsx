// The detail pane's Replay tab: the request as a curl command, and a resend to any URL, edited or not.
import { useState } from 'react';
import type { PushEvent, ReplayResult } from '@contract/model';
import { capturedUrl, toCurl } from '@contract/curl';
import { formatBytes, formatDuration } from '../lib/format';
import { draftOf, requestOf, type ReplayDraft } from '../lib/replay-form';
import { useHookscope } from '../state/store';
import { useCommand } from './api-context';
import { CopyButton } from './copy-button';
import { KvTable } from './kv-table';
import '../styles/inspector.css';

function ResultView({ result }: { result: ReplayResult }): React.JSX.Element {
  return (
    <div className="rp-result" data-testid="replay-result">
      <div className="rp-result-head">
        {result.status === null ? (
          <span className="http-status is-bad">no answer</span>
        ) : (
          <span className={`http-status ${result.status >= 400 ? 'is-bad' : 'is-ok'}`}>
            {result.status} {result.statusText}
          </span>
        )}
        <span className="muted">
          {result.method} {result.url} · {formatDuration(result.durationMs)}
        </span>
      </div>
      {result.error && <div className="is-bad">{result.error}</div>}
      {result.headers.length > 0 && <KvTable pairs={result.headers} empty="" names={['Name', 'Value']} />}
      {result.body !== '' && (
        <pre className="code rp-body">
          {result.body}
          {result.bodyTruncated && '\n… (cut at 64 KB)'}
        </pre>
      )}
    </div>
  );
}

export function ReplayPanel({ ev }: { ev: PushEvent }): React.JSX.Element {
  const receiverUrl = useHookscope((s) => s.receiverUrl);
  const run = useCommand();
  const original = capturedUrl(receiverUrl, ev);
  const curl = toCurl(ev, original);
  const [draft, setDraft] = useState<ReplayDraft>(() => draftOf(ev, original));
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const set = (patch: Partial<ReplayDraft>): void => setDraft((d) => ({ ...d, ...patch }));

  const send = (): void => {
    let request;
    try {
      request = requestOf(ev, draft);
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
      return;
    }
    setFormError(null);
    setBusy(true);
    setResult(null);
    void run('Replay', (api) => api.replayPush(ev.id, request))
      .then((r) => r && setResult(r))
      .finally(() => setBusy(false));
  };

  return (
    <div className="rp">
      <section className="rp-section">
        <div className="rp-section-head">
          <h3>Copy as curl</h3>
          <CopyButton text={curl} label="curl command" />
        </div>
        <pre className="code rp-curl" data-testid="curl-command">
          {curl}
        </pre>
      </section>
      <section className="rp-section">
        <div className="rp-section-head">
          <h3>Replay</h3>
          <span className="muted">send this request again, to any URL, edited first if you like</span>
        </div>
        <div className="rp-line">
          <input className="rp-method mono" aria-label="Method" value={draft.method} onChange={(e) => set({ method: e.target.value })} />
          <input className="rp-url mono" aria-label="Target URL" value={draft.url} onChange={(e) => set({ url: e.target.value })} />
          <button type="button" className="btn btn-primary" disabled={busy} onClick={send}>
            {busy ? 'Sending…' : 'Send'}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => setDraft(draftOf(ev, original))} title="Back to the request as captured">
            Reset
          </button>
        </div>
        <label className="rp-label">
          Headers <span className="muted">(one “Name: value” a line; Host and Content-Length are set for the target)</span>
          <textarea className="mono rp-headers" rows={Math.min(10, draft.headers.split('\n').length + 1)} value={draft.headers} onChange={(e) => set({ headers: e.target.value })} />
        </label>
        {ev.bodyEncoding === 'utf8' ? (
          <label className="rp-label">
            Body
            <textarea className="mono rp-body-edit" rows={6} value={draft.body} onChange={(e) => set({ body: e.target.value })} />
          </label>
        ) : (
          <div className="muted">Binary body ({formatBytes(ev.size)}): sent exactly as captured.</div>
        )}
        {formError && <div className="is-bad">{formError}</div>}
        {result && <ResultView result={result} />}
      </section>
    </div>
  );
}
