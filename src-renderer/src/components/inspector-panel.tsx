// Signature rules (which scheme and secret verify which paths), custom responses and HAR import/export, in one side
// panel opened from the header. Secrets are write-only here: the UI only ever learns whether one is set.
import { useEffect, useState } from 'react';
import type { SigningRuleInput } from '@contract/api';
import type { ImportResult, SignatureScheme, SigningRule } from '@contract/model';
import { useCommand } from './api-context';
import { ResponseRulesSection } from './response-rules-section';
import '../styles/sources.css';
import '../styles/inspector.css';

const SCHEMES: { id: SignatureScheme; label: string; hint: string }[] = [
  { id: 'stripe', label: 'Stripe', hint: 'Stripe-Signature; secret whsec_…' },
  { id: 'github', label: 'GitHub', hint: 'X-Hub-Signature-256; the webhook secret' },
  { id: 'shopify', label: 'Shopify', hint: 'X-Shopify-Hmac-Sha256; the app secret' },
  { id: 'slack', label: 'Slack', hint: 'X-Slack-Signature; the signing secret' },
  { id: 'standard-webhooks', label: 'Standard Webhooks / Svix', hint: 'webhook-signature; secret whsec_<base64>' },
  { id: 'twilio', label: 'Twilio', hint: 'X-Twilio-Signature; the auth token' },
];
const labelOf = (scheme: SignatureScheme): string => SCHEMES.find((s) => s.id === scheme)?.label ?? scheme;

function RuleForm({ onSaved }: { onSaved: (rules: SigningRule[]) => void }): React.JSX.Element {
  const run = useCommand();
  const [scheme, setScheme] = useState<SignatureScheme>('stripe');
  const [path, setPath] = useState('*');
  const [secret, setSecret] = useState('');
  const [tolerance, setTolerance] = useState('');
  const [publicUrl, setPublicUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const save = (): void => {
    const input: SigningRuleInput = { scheme, path: path.trim() || '*', secret };
    if (tolerance.trim() !== '') input.toleranceSec = Number(tolerance);
    if (scheme === 'twilio' && publicUrl.trim() !== '') input.publicUrl = publicUrl.trim();
    setBusy(true);
    void run('Saving the signing rule', (api) => api.upsertSigningRule(input))
      .then((rules) => {
        if (!rules) return;
        onSaved(rules);
        setSecret('');
      })
      .finally(() => setBusy(false));
  };
  return (
    <form
      className="ip-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label>
        Scheme
        <select value={scheme} onChange={(e) => setScheme(e.target.value as SignatureScheme)} aria-label="Signing scheme">
          {SCHEMES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Path
        <input className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/stripe, /hooks/* or *" aria-label="Signing path" />
      </label>
      <label className="ip-wide">
        Secret <span className="muted">({SCHEMES.find((s) => s.id === scheme)?.hint})</span>
        <input className="mono" type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} aria-label="Signing secret" />
      </label>
      <label>
        Tolerance (s)
        <input className="mono" inputMode="numeric" value={tolerance} onChange={(e) => setTolerance(e.target.value)} placeholder="300" aria-label="Tolerance in seconds" />
      </label>
      {scheme === 'twilio' && (
        <label>
          Public URL
          <input className="mono" value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} placeholder="https://you.loca.lt" aria-label="Public URL" />
        </label>
      )}
      <div className="ip-form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || secret === ''}>
          Add rule
        </button>
      </div>
    </form>
  );
}

function SigningRules(): React.JSX.Element {
  const run = useCommand();
  const [rules, setRules] = useState<SigningRule[] | null>(null);
  useEffect(() => {
    void run('Loading the signing rules', (api) => api.signingRules()).then((r) => r && setRules(r));
  }, [run]);
  return (
    <section className="ip-section">
      <h3>Signature verification</h3>
      <p className="muted">
        Each captured push is checked on its raw bytes by the first rule whose path covers it (the one whose signature header is present, when several
        do). Secrets are kept in the secret store, never in settings, exports or logs.
      </p>
      {rules === null ? (
        <div className="muted">Loading…</div>
      ) : rules.length === 0 ? (
        <div className="muted">No rules yet: pushes show “signature not checked”.</div>
      ) : (
        <table className="ip-rules">
          <thead>
            <tr>
              <th>Scheme</th>
              <th>Path</th>
              <th>Secret</th>
              <th>Tolerance</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id} data-testid="signing-rule">
                <td>{labelOf(rule.scheme)}</td>
                <td className="mono">{rule.path}</td>
                <td>{rule.demo ? 'the demo’s own' : rule.hasSecret ? 'set' : <span className="is-bad">missing</span>}</td>
                <td>{rule.toleranceSec !== undefined ? `${rule.toleranceSec} s` : rule.scheme === 'stripe' || rule.scheme === 'slack' || rule.scheme === 'standard-webhooks' ? '300 s' : '—'}</td>
                <td>
                  {!rule.demo && (
                    <button type="button" className="btn btn-danger-quiet" onClick={() => void run('Removing the rule', (api) => api.removeSigningRule(rule.id)).then((r) => r && setRules(r))}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RuleForm onSaved={setRules} />
    </section>
  );
}

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
              <SigningRules />
              <ResponseRulesSection />
              <HarSection />
            </div>
          </aside>
        </div>
      )}
    </>
  );
}
