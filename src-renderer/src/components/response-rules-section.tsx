// The Inspector panel's custom answers: method + path → status, headers, body, delay (≤ 30 s),
// optionally for the first N matching requests only (to watch a sender retry).
import { useEffect, useState } from 'react';
import type { ResponseRuleInput } from '@contract/api';
import type { ResponseRule } from '@contract/model';
import { parseHeaderLines } from '../lib/replay-form';
import { useCommand } from './api-context';

function describeRule(rule: ResponseRule): string {
  const when = rule.times !== undefined ? ` · first ${rule.times} (${rule.used ?? 0} used)` : '';
  const delay = rule.delayMs > 0 ? ` · after ${rule.delayMs / 1000} s` : '';
  return `${rule.status}${delay}${when}`;
}

export function ResponseRulesSection(): React.JSX.Element {
  const run = useCommand();
  const [rules, setRules] = useState<ResponseRule[] | null>(null);
  const [method, setMethod] = useState('POST');
  const [path, setPath] = useState('*');
  const [status, setStatus] = useState('500');
  const [delay, setDelay] = useState('0');
  const [times, setTimes] = useState('');
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  useEffect(() => {
    void run('Loading the response rules', (api) => api.responseRules()).then((r) => r && setRules(r));
  }, [run]);

  const add = (): void => {
    let input: ResponseRuleInput;
    try {
      const seconds = Number(delay || '0');
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 30) throw new Error('the delay is from 0 to 30 s');
      input = { method, path: path.trim() || '*', status: Number(status), headers: parseHeaderLines(headers), body, delayMs: Math.round(seconds * 1000) };
      if (times.trim() !== '') input.times = Number(times);
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
      return;
    }
    setFormError(null);
    void run('Saving the response rule', (api) => api.upsertResponseRule(input)).then((r) => r && setRules(r));
  };

  return (
    <section className="ip-section">
      <h3>Custom responses</h3>
      <p className="muted">The receiver answers 200 unless a rule matches (first match wins). Use one to see how a sender retries: 500 to the first delivery, a slow answer, a given body.</p>
      {rules && rules.length > 0 && (
        <table className="ip-rules">
          <thead>
            <tr>
              <th>Method</th>
              <th>Path</th>
              <th>Answer</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id} data-testid="response-rule">
                <td className="mono">{rule.method}</td>
                <td className="mono">{rule.path}</td>
                <td>{describeRule(rule)}</td>
                <td>
                  <button type="button" className="btn btn-danger-quiet" onClick={() => void run('Removing the rule', (api) => api.removeResponseRule(rule.id)).then((r) => r && setRules(r))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="ip-form"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label>
          Method
          <input className="mono" value={method} onChange={(e) => setMethod(e.target.value)} aria-label="Response method" placeholder="POST or *" />
        </label>
        <label>
          Path
          <input className="mono" value={path} onChange={(e) => setPath(e.target.value)} aria-label="Response path" placeholder="/stripe, /hooks/* or *" />
        </label>
        <label>
          Status
          <input className="mono" inputMode="numeric" value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Response status" />
        </label>
        <label>
          Delay (s, ≤ 30)
          <input className="mono" inputMode="decimal" value={delay} onChange={(e) => setDelay(e.target.value)} aria-label="Response delay in seconds" />
        </label>
        <label>
          Only the first N
          <input className="mono" inputMode="numeric" value={times} onChange={(e) => setTimes(e.target.value)} aria-label="Apply to the first N requests" placeholder="always" />
        </label>
        <label className="ip-wide">
          Headers <span className="muted">(one “Name: value” a line)</span>
          <textarea className="mono" rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} aria-label="Response headers" />
        </label>
        <label className="ip-wide">
          Body
          <textarea className="mono" rows={2} value={body} onChange={(e) => setBody(e.target.value)} aria-label="Response body" />
        </label>
        {formError && <div className="is-bad ip-wide">{formError}</div>}
        <div className="ip-form-actions">
          <button type="submit" className="btn btn-primary">
            Add response rule
          </button>
        </div>
      </form>
    </section>
  );
}
