import { useState } from 'react';
import { useApi } from './api-context';

type Format = 'json' | 'csv' | 'html';
const TYPES: Record<Format, string> = { json: 'application/json', csv: 'text/csv', html: 'text/html' };

/** The same report `hookscope report` writes, saved from the browser or the desktop window. */
export function ReportExport(): React.JSX.Element {
  const api = useApi();
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = (format: Format): void => {
    setBusy(format);
    setError(null);
    api.report(format).then(
      (text) => {
        const url = URL.createObjectURL(new Blob([text], { type: TYPES[format] }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `hookscope-report-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        setBusy(null);
      },
      (err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setBusy(null);
      },
    );
  };

  return (
    <span className="report-export" title={error ?? 'Save the measured report'}>
      <span className="muted">report</span>
      {(['html', 'csv', 'json'] as const).map((f) => (
        <button key={f} type="button" className="link-btn" disabled={busy !== null} onClick={() => save(f)} data-testid={`report-${f}`}>
          {busy === f ? '…' : f}
        </button>
      ))}
      {error && (
        <span className="is-bad" role="alert">
          failed
        </span>
      )}
    </span>
  );
}
