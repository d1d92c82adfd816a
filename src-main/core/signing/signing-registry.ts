// The session's signing rules in the order they apply: the demo's own (while the demo runs), the ones
// given for this run (--config), then the stored ones. Answers the verdict for each captured push.
import type { SigningRuleInput } from '../../contract/api';
import type { PushEvent, SignatureCheck, SigningRule } from '../../contract/model';
import type { SecretStore } from '../secrets/secret-store';
import { completeRule, parseSigningRuleInput, SigningSecrets, storedSigningRules } from './signing-rules';
import { checkSignature } from './verify-push';

export const DEMO_RULE_ID = 'demo';

export interface SigningRegistryDeps {
  store: SecretStore | undefined;
  /** The rules in the settings file. */
  stored(): unknown;
  /** Persists the stored rules (the settings file). */
  save(rules: SigningRule[]): Promise<void>;
  /** The demo's webhook path and secret while it runs. */
  demo(): { path: string; secret: string } | undefined;
  /** Whether another session keeps a rule with this id (a copied rule shares its secret). */
  sharedSecret?(id: string): boolean;
}

export class SigningRegistry {
  readonly #secrets: SigningSecrets;
  readonly #runOnly: SigningRule[] = [];

  constructor(private readonly deps: SigningRegistryDeps) {
    this.#secrets = new SigningSecrets(deps.store);
  }

  rules(): SigningRule[] {
    const demo = this.deps.demo();
    const demoRule: SigningRule[] = demo ? [{ id: DEMO_RULE_ID, scheme: 'standard-webhooks', path: demo.path, demo: true }] : [];
    return [...demoRule, ...this.#runOnly, ...storedSigningRules(this.deps.stored())];
  }

  /** Rules with whether each has a secret; never the secret itself. */
  views(): SigningRule[] {
    return this.rules().map((rule) => ({ ...rule, hasSecret: this.secretOf(rule.id) !== undefined }));
  }

  check(event: PushEvent, nowSec?: number): SignatureCheck {
    return checkSignature(event, { rules: this.rules(), secretOf: (id) => this.secretOf(id), nowSec });
  }

  /** Rules for this run only: neither they nor their secrets are written anywhere. */
  async addRunOnly(inputs: SigningRuleInput[]): Promise<void> {
    for (const input of inputs) {
      const parsed = parseSigningRuleInput(input);
      const rule = completeRule(parsed);
      this.#runOnly.push(rule);
      await this.#secrets.apply(rule.id, parsed.secret, true);
    }
  }

  async upsert(input: SigningRuleInput): Promise<SigningRule[]> {
    const parsed = parseSigningRuleInput(input);
    if (parsed.id === DEMO_RULE_ID) throw new Error('the demo rule is managed by the demo switch');
    const rule = completeRule(parsed);
    const runOnlyIndex = this.#runOnly.findIndex((r) => r.id === rule.id);
    if (runOnlyIndex >= 0) {
      this.#runOnly[runOnlyIndex] = rule;
      await this.#secrets.apply(rule.id, parsed.secret, true);
      return this.views();
    }
    await this.#secrets.apply(rule.id, parsed.secret, false);
    const stored = storedSigningRules(this.deps.stored());
    const index = stored.findIndex((r) => r.id === rule.id);
    await this.deps.save(index >= 0 ? stored.map((r) => (r.id === rule.id ? rule : r)) : [...stored, rule]);
    return this.views();
  }

  async remove(id: string): Promise<SigningRule[]> {
    if (id === DEMO_RULE_ID) throw new Error('the demo rule is managed by the demo switch');
    const runOnlyIndex = this.#runOnly.findIndex((r) => r.id === id);
    const stored = storedSigningRules(this.deps.stored());
    if (runOnlyIndex < 0 && !stored.some((r) => r.id === id)) throw new Error(`no signing rule with id ${id}`);
    if (runOnlyIndex >= 0) this.#runOnly.splice(runOnlyIndex, 1);
    else await this.deps.save(stored.filter((r) => r.id !== id));
    if (runOnlyIndex >= 0 || !this.deps.sharedSecret?.(id)) await this.#secrets.forget(id);
    return this.views();
  }

  /** Forgets the stored secret of a rule no session keeps any more (its session was deleted). */
  forgetSecret(id: string): Promise<void> {
    return this.#secrets.forget(id);
  }

  private secretOf(id: string): string | undefined {
    if (id === DEMO_RULE_ID) return this.deps.demo()?.secret;
    return this.#secrets.get(id);
  }
}
