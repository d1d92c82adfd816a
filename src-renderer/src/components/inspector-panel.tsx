// Signature rules (which scheme and secret verify which paths), custom responses and HAR import/export, in one side
// panel opened from the header.
import { useEffect, useState } from 'react';
import type { ImportResult } from '@contract/model';
import { useHookscope } from '../state/store';
import { useCommand } from './api-context';
import { ResponseRulesSection } from './response-rules-section';
import { SigningRulesSection } from './signing-rules-section';
import '../styles/sources.css';
import '../styles/inspector.css';

function HarSection(): React.JSX.Element {
  const run = useCommand();
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const exportHar = (): void => {
    void run('Exporting HAR', (api) => api.exportHar()).then((text) => {
      if (text === undefined) return;
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `hookscope-${new Date().toISOString().replace(/[:.]/g, '-')}.har`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  };
  return (
    <section className="ip-section">
      <h3>HAR</h3>
      <p className="muted">HAR 1.2 with every body kept (binary ones base64). A Hookscope HAR imports back to the same events; a browser’s HAR imports as pushes.</p>
      <div className="ip-row">
        <button type="button" className="btn" onClick={exportHar}>
          Export HAR
        </button>
        <label className="btn ip-file">
          {busy ? 'Importing…' : 'Import HAR…'}
          <input
            type="file"
            accept=".har,application/json"
            aria-label="Import HAR file"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              setBusy(true);
              setResult(null);
              void run(`Importing ${file.name}`, async (api) => api.importHar(await file.text()))
                .then((r) => r && setResult(r))
                .finally(() => setBusy(false));
            }}
          />
        </label>
      </div>
      {result && (
        <div className="ip-import-result" data-testid="import-result">
          Imported {result.imported} event{result.imported === 1 ? '' : 's'}
          {result.skipped > 0 && `, skipped ${result.skipped}`}.
          {result.problems.length > 0 && (
            <ul className="is-bad">
              {result.problems.slice(0, 20).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

export function InspectorButton(): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const sessionId = useHookscope((s) => s.session?.id ?? '');
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} title="Signature verification rules, custom responses, HAR import and export">
        Inspector…
      </button>
      {open && (
        <div className="modal-backdrop src-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
          <aside className="src-panel" role="dialog" aria-modal="true" aria-label="Inspector settings">
            <header className="src-panel-head">
              <h2>Inspector</h2>
              <span className="spacer" />
              <button type="button" className="btn" onClick={() => setOpen(false)}>
                Close
              </button>
            </header>
            <div className="src-panel-body">
              {/* Keyed by the session shown: a switch (from another window too) reloads its rules. */}
              <SigningRulesSection key={`signing-${sessionId}`} />
              <ResponseRulesSection key={`responses-${sessionId}`} />
              <HarSection />
            </div>
          </aside>
        </div>
      )}
    </>
  );
}
