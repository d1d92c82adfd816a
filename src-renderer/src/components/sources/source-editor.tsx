// Add or edit a poll source: a template to start from, every field, the auth secret (sent once,
// then kept by the core), and a "test request" that shows what the API returns before saving.
import { useState } from 'react';
import type { PollSourceView, PollTestResult } from '@contract/model';
import { POLL_TEMPLATES, type PollTemplateId } from '@contract/poll-templates';
import { emptyForm, formFromConfig, formFromTemplate, inputFromForm, type AuthKind, type SourceForm } from '../../lib/source-form';
import { useHookscope } from '../../state/store';
import { useApi, useCommand } from '../api-context';
import { TestResultView } from './test-result-view';

const AUTH_KINDS: { kind: AuthKind; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'bearer', label: 'Bearer token' },
  { kind: 'basic', label: 'Basic (user + password)' },
  { kind: 'apiKeyHeader', label: 'API key in a header' },
  { kind: 'apiKeyQuery', label: 'API key in the query' },
];

export function SourceEditor({ view, onDone }: { view?: PollSourceView; onDone: () => void }): React.JSX.Element {
  const command = useCommand();
  const api = useApi();
  const demoApi = useHookscope((s) => s.demo?.apiUrl);
  const [form, setForm] = useState<SourceForm>(() => (view ? formFromConfig(view.config) : emptyForm()));
  const [template, setTemplate] = useState<PollTemplateId | ''>('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | 'remove' | null>(null);
  const [result, setResult] = useState<PollTestResult | null>(null);
  const hasSecret = view?.status.hasSecret === true;

  const set = <K extends keyof SourceForm>(key: K, value: SourceForm[K]): void => setForm((f) => ({ ...f, [key]: value }));
  const tpl = POLL_TEMPLATES.find((t) => t.id === template);

  const useTemplate = (): void => {
    if (!template) return;
    try {
      setForm((f) => formFromTemplate(f, template, { ...params, ...(template === 'demo' && demoApi && !params.apiUrl && { apiUrl: demoApi }) }));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const run = async (what: 'test' | 'save'): Promise<void> => {
    const parsed = inputFromForm(form);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setBusy(what);
    // The core's refusal (say, a URL it cannot use) belongs beside the form the user is editing,
    // not in a banner behind the drawer.
    try {
      if (what === 'test') setResult(await api.testPollSource(parsed.input));
      else {
        await api.upsertPollSource(parsed.input);
        onDone();
      }
    } catch (err) {
      setError(`${what === 'test' ? 'Test request' : 'Saving the source'} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    setBusy(null);
  };

  const remove = async (): Promise<void> => {
    if (!view) return;
    setBusy('remove');
    await command('Removing the source', (api) => api.removePollSource(view.config.id));
    setBusy(null);
    onDone();
  };

  return (
    <form
      className="src-editor"
      aria-label={view ? `Edit ${view.config.name}` : 'New poll source'}
      onSubmit={(e) => {
        e.preventDefault();
        void run('save');
      }}
    >
      <h3>{view ? `Edit ${view.config.name}` : 'New poll source'}</h3>
      <div className="src-template">
        <label>
          Start from
          <select value={template} onChange={(e) => setTemplate(e.target.value as PollTemplateId | '')} aria-label="Template">
            <option value="">a template…</option>
            {POLL_TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        {tpl?.params
          .filter(() => !(tpl.id === 'demo' && demoApi))
          .map((p) => (
            <label key={p.name}>
              {p.label}
              <input value={params[p.name] ?? ''} placeholder={p.example} onChange={(e) => setParams((all) => ({ ...all, [p.name]: e.target.value }))} />
            </label>
          ))}
        <button type="button" className="btn" disabled={!template} onClick={useTemplate}>
          Fill in
        </button>
      </div>
      {tpl && <p className="muted src-hint">{tpl.hint}</p>}
      <div className="src-grid">
        <label>
          Name
          <input value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="Orders API" />
        </label>
        <label className="wide">
          URL
          <input value={form.url} onChange={(e) => set('url', e.target.value)} placeholder="https://api.example.com/v1/events" required />
        </label>
        <label>
          Every (s)
          <input value={form.intervalSec} onChange={(e) => set('intervalSec', e.target.value)} inputMode="decimal" />
        </label>
        <label>
          Items path
          <input value={form.itemsPath} onChange={(e) => set('itemsPath', e.target.value)} placeholder="(body, data or items)" />
        </label>
        <label>
          Id path
          <input value={form.idPath} onChange={(e) => set('idPath', e.target.value)} />
        </label>
        <label>
          Updated-at path
          <input value={form.updatedAtPath} onChange={(e) => set('updatedAtPath', e.target.value)} placeholder="(content hash)" />
        </label>
        <label>
          Pages per poll
          <input value={form.maxPages} onChange={(e) => set('maxPages', e.target.value)} inputMode="numeric" />
        </label>
        <label className="wide">
          Headers (one “Name: value” a line)
          <textarea rows={2} value={form.headers} onChange={(e) => set('headers', e.target.value)} spellCheck={false} />
        </label>
        <label>
          Auth
          <select value={form.authKind} onChange={(e) => set('authKind', e.target.value as AuthKind)}>
            {AUTH_KINDS.map((a) => (
              <option key={a.kind} value={a.kind}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        {(form.authKind === 'basic' || form.authKind === 'apiKeyHeader' || form.authKind === 'apiKeyQuery') && (
          <label>
            {form.authKind === 'basic' ? 'Username' : form.authKind === 'apiKeyHeader' ? 'Header name' : 'Parameter name'}
            <input value={form.authName} onChange={(e) => set('authName', e.target.value)} placeholder={form.authKind === 'apiKeyQuery' ? 'api_key' : form.authKind === 'apiKeyHeader' ? 'X-Api-Key' : ''} />
          </label>
        )}
        {form.authKind !== 'none' && (
          <label>
            {form.authKind === 'basic' ? 'Password' : form.authKind === 'bearer' ? 'Token' : 'Key'}
            <input type="password" autoComplete="off" value={form.secret} onChange={(e) => set('secret', e.target.value)} placeholder={hasSecret ? 'stored — leave empty to keep' : ''} />
          </label>
        )}
        <label className="src-check">
          <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Polling on
        </label>
      </div>
      {form.authKind !== 'none' && <p className="muted src-hint">Secrets are kept by the core (encrypted in the desktop app; headless in a file only you can read) and never exported.</p>}
      {error && (
        <div className="src-error" role="alert">
          {error}
        </div>
      )}
      <div className="src-actions">
        {view && (
          <button type="button" className="btn btn-danger" disabled={busy !== null} onClick={() => void remove()}>
            Remove
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('test')}>
          {busy === 'test' ? 'Testing…' : 'Test request'}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy !== null}>
          Save
        </button>
      </div>
      {result && <TestResultView result={result} />}
    </form>
  );
}
