// What a "test request" returned: the raw response, and the items the poller would find in it.
import type { PollTestResult } from '@contract/model';
import { formatBytes } from '../../lib/format';

export function TestResultView({ result }: { result: PollTestResult }): React.JSX.Element {
  const ok = result.status !== null && result.status >= 200 && result.status < 300 && !result.error;
  return (
    <div className="test-result" data-testid="test-result">
      <div className={`test-line ${ok ? 'is-ok' : 'is-bad'}`}>
        <span className="mono">{result.status ?? 'no response'}</span> {result.statusText} · {result.durationMs} ms · {formatBytes(result.bytes)}
        <span className="mono test-url">GET {result.url}</span>
      </div>
      {result.error && <div className="src-error">{result.error}</div>}
      {result.itemCount !== undefined && (
        <div className="test-items">
          <strong>{result.itemCount} items found</strong>
          {result.ids.length > 0 && <span className="muted"> · ids {result.ids.join(', ')}</span>}
          {result.nextPage && <div className="muted">next page: {result.nextPage}</div>}
        </div>
      )}
      {result.itemsError && <div className="src-error">{result.itemsError}</div>}
      {result.warning && <div className="src-note">{result.warning}</div>}
      {result.sample.length > 0 && (
        <details open>
          <summary>First items</summary>
          <pre className="test-pre">{JSON.stringify(result.sample, null, 2)}</pre>
        </details>
      )}
      <details>
        <summary>Response headers ({result.headers.length})</summary>
        <pre className="test-pre">{result.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}</pre>
      </details>
      <details open={result.itemCount === undefined}>
        <summary>Raw body{result.bodyTruncated ? ' (first 64 KB)' : ''}</summary>
        <pre className="test-pre">{result.body || '(empty)'}</pre>
      </details>
    </div>
  );
}
