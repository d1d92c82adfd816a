// The Inspector panel's custom answers: method + path → status, headers, body, delay (≤ 30 s),
// optionally for the first N matching requests only (to watch a sender retry). One form adds a
// rule or edits the one picked from the list.
import { useState } from 'react';
import type { HookscopeApi, ResponseRuleInput } from '@contract/api';
import type { ResponseRule } from '@contract/model';
import { parseHeaderLines } from '../lib/replay-form';
import { RuleFormFooter } from './rule-form-footer';
import { useRuleList, useRuleSave } from './use-rule-list';

const load = (api: HookscopeApi): Promise<ResponseRule[]> => api.responseRules();
const removeRule = (api: HookscopeApi, id: string): Promise<ResponseRule[]> => api.removeResponseRule(id);
const send = (api: HookscopeApi, input: ResponseRuleInput): Promise<ResponseRule[]> => api.upsertResponseRule(input);

function describeRule(rule: ResponseRule): string {
  const when = rule.times !== undefined ? ` · first ${rule.times} (${rule.used ?? 0} used)` : '';
  const delay = rule.delayMs > 0 ? ` · after ${rule.delayMs / 1000} s` : '';
  return `${rule.status}${delay}${when}`;
}

function ResponseRuleForm({ editing, onSaved, onCancel }: { editing?: ResponseRule; onSaved: (rules: ResponseRule[]) => void; onCancel: () => void }): React.JSX.Element {
  const [method, setMethod] = useState(editing?.method ?? 'POST');
  const [path, setPath] = useState(editing?.path ?? '*');
  const [status, setStatus] = useState(String(editing?.status ?? 500));
  const [delay, setDelay] = useState(String((editing?.delayMs ?? 0) / 1000));
  const [times, setTimes] = useState(editing?.times !== undefined ? String(editing.times) : '');
  const [headers, setHeaders] = useState(editing?.headers.map(([name, value]) => `${name}: ${value}`).join('\n') ?? '');
  const [body, setBody] = useState(editing?.body ?? '');
  const { busy, error, save } = useRuleSave('response rule', send, onSaved);
  const build = (): ResponseRuleInput => {
    const seconds = Number(delay || '0');
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 30) throw new Error('the delay is from 0 to 30 s');
    const input: ResponseRuleInput = { method, path: path.trim() || '*', status: Number(status), headers: parseHeaderLines(headers), body, delayMs: Math.round(seconds * 1000) };
    if (editing) input.id = editing.id;
    if (times.trim() !== '') input.times = Number(times);
    return input;
  };

  return (
    <form
      className="ip-form"
      aria-label={editing ? 'Edit response rule' : 'New response rule'}
      onSubmit={(e) => {
        e.preventDefault();
        void save(build);
      }}
    >
      {editing && (
        <div className="ip-wide ip-editing">
          Editing the rule for <span className="mono">{editing.method} {editing.path}</span>
          {editing.times !== undefined && ' (saving it starts its count again)'}
        </div>
      )}
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
      <RuleFormFooter error={error} editing={!!editing} disabled={busy} submitLabel={editing ? 'Save response rule' : 'Add response rule'} onCancel={onCancel} />
    </form>
  );
}

export function ResponseRulesSection(): React.JSX.Element {
  const { rules, editingId, setEditingId, remove, saved, editing } = useRuleList('response rules', load, removeRule);

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
              <tr key={rule.id} data-testid="response-rule" className={rule.id === editingId ? 'is-editing' : undefined}>
                <td className="mono">{rule.method}</td>
                <td className="mono">{rule.path}</td>
                <td>{describeRule(rule)}</td>
                <td className="ip-rule-actions">
                  <button type="button" className="btn" aria-label={`Edit the response rule for ${rule.method} ${rule.path}`} onClick={() => setEditingId(rule.id)}>
                    Edit
                  </button>
                  <button type="button" className="btn btn-danger-quiet" aria-label={`Remove the response rule for ${rule.method} ${rule.path}`} onClick={() => remove(rule.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ResponseRuleForm
        key={editing?.id ?? 'new'}
        editing={editing}
        onSaved={saved}
        onCancel={() => setEditingId(null)}
      />
    </section>
  );
}
