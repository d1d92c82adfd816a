// The Inspector panel's signature rules: the list, and one form that adds a rule or edits the one
// picked from the list. Secrets are write-only here: the UI only ever learns whether one is set, so
// an edit with the secret left empty keeps the stored one.
import { useState } from 'react';
import type { HookscopeApi, SigningRuleInput } from '@contract/api';
import type { SignatureScheme, SigningRule } from '@contract/model';
import { RuleFormFooter } from './rule-form-footer';
import { useRuleList, useRuleSave } from './use-rule-list';

const SCHEMES: { id: SignatureScheme; label: string; hint: string }[] = [
  { id: 'stripe', label: 'Stripe', hint: 'Stripe-Signature; secret whsec_…' },
  { id: 'github', label: 'GitHub', hint: 'X-Hub-Signature-256; the webhook secret' },
  { id: 'shopify', label: 'Shopify', hint: 'X-Shopify-Hmac-Sha256; the app secret' },
  { id: 'slack', label: 'Slack', hint: 'X-Slack-Signature; the signing secret' },
  { id: 'standard-webhooks', label: 'Standard Webhooks / Svix', hint: 'webhook-signature; secret whsec_<base64>, or public key whpk_<base64> for v1a' },
  { id: 'twilio', label: 'Twilio', hint: 'X-Twilio-Signature; the auth token' },
];
const labelOf = (scheme: SignatureScheme): string => SCHEMES.find((s) => s.id === scheme)?.label ?? scheme;
const TIMED: readonly SignatureScheme[] = ['stripe', 'slack', 'standard-webhooks'];
const load = (api: HookscopeApi): Promise<SigningRule[]> => api.signingRules();
const removeRule = (api: HookscopeApi, id: string): Promise<SigningRule[]> => api.removeSigningRule(id);
const send = (api: HookscopeApi, input: SigningRuleInput): Promise<SigningRule[]> => api.upsertSigningRule(input);

function RuleForm({ editing, onSaved, onCancel }: { editing?: SigningRule; onSaved: (rules: SigningRule[]) => void; onCancel: () => void }): React.JSX.Element {
  const [scheme, setScheme] = useState<SignatureScheme>(editing?.scheme ?? 'stripe');
  const [path, setPath] = useState(editing?.path ?? '*');
  const [secret, setSecret] = useState('');
  const [tolerance, setTolerance] = useState(editing?.toleranceSec !== undefined ? String(editing.toleranceSec) : '');
  const [publicUrl, setPublicUrl] = useState(editing?.publicUrl ?? '');
  const { busy, error, save } = useRuleSave('signing rule', send, onSaved);
  const build = (): SigningRuleInput => {
    const input: SigningRuleInput = { scheme, path: path.trim() || '*' };
    if (editing) input.id = editing.id;
    // Absent keeps the stored secret; an empty string would delete it.
    if (secret !== '') input.secret = secret;
    if (tolerance.trim() !== '') input.toleranceSec = Number(tolerance);
    if (scheme === 'twilio' && publicUrl.trim() !== '') input.publicUrl = publicUrl.trim();
    return input;
  };
  return (
    <form
      className="ip-form"
      aria-label={editing ? 'Edit signing rule' : 'New signing rule'}
      onSubmit={(e) => {
        e.preventDefault();
        void save(build, () => setSecret(''));
      }}
    >
      {editing && <div className="ip-wide ip-editing">Editing the {labelOf(editing.scheme)} rule for <span className="mono">{editing.path}</span></div>}
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
        <input
          className="mono"
          type="password"
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-label="Signing secret"
          placeholder={!editing ? '' : !editing.hasSecret ? 'none stored yet' : scheme === editing.scheme ? 'stored — leave empty to keep' : 'stored one kept if empty — another scheme usually needs its own'}
        />
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
      <RuleFormFooter error={error} editing={!!editing} disabled={busy || (!editing && secret === '')} submitLabel={editing ? 'Save rule' : 'Add rule'} onCancel={onCancel} />
    </form>
  );
}

export function SigningRulesSection(): React.JSX.Element {
  const { rules, editingId, editing, setEditingId, remove, saved } = useRuleList('signing rules', load, removeRule);
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
              <tr key={rule.id} data-testid="signing-rule" className={rule.id === editingId ? 'is-editing' : undefined}>
                <td>{labelOf(rule.scheme)}</td>
                <td className="mono">{rule.path}</td>
                <td>{rule.demo ? 'the demo’s own' : rule.hasSecret ? 'set' : <span className="is-bad">missing</span>}</td>
                <td>{rule.toleranceSec !== undefined ? `${rule.toleranceSec} s` : TIMED.includes(rule.scheme) ? '300 s' : '—'}</td>
                <td className="ip-rule-actions">
                  {!rule.demo && (
                    <>
                      <button type="button" className="btn" aria-label={`Edit the ${labelOf(rule.scheme)} rule for ${rule.path}`} onClick={() => setEditingId(rule.id)}>
                        Edit
                      </button>
                      <button type="button" className="btn btn-danger-quiet" aria-label={`Remove the ${labelOf(rule.scheme)} rule for ${rule.path}`} onClick={() => remove(rule.id)}>
                        Remove
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RuleForm
        key={editing?.id ?? 'new'}
        editing={editing}
        onSaved={saved}
        onCancel={() => setEditingId(null)}
      />
    </section>
  );
}
