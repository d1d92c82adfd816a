// Signing rules as users submit them (UI, --config) and as the session keeps them: the rule in the
// settings file, its secret in the secret store (or in memory for run-only rules), never together.
import { z } from 'zod';
import type { SigningRuleInput } from '../../contract/api';
import type { SignatureScheme, SigningRule } from '../../contract/model';
import { newId } from '../ids';
import type { SecretStore } from '../secrets/secret-store';
import { parseInput } from '../validation';
import { decodeStandardWebhookKey } from './standard-webhooks';
import { parsedByRef } from '../parsed-by-ref';

const SCHEMES = ['stripe', 'github', 'shopify', 'slack', 'standard-webhooks', 'twilio'] as const satisfies readonly SignatureScheme[];

export const signingRuleInputSchema = z
  .object({
    id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a rule id is letters, digits, - and _').optional(),
    scheme: z.enum(SCHEMES, { error: `the scheme is one of ${SCHEMES.join(', ')}` }),
    path: z
      .string()
      .trim()
      .max(500)
      .regex(/^(\*|\/\S*)$/, 'the path starts with / (end it with * for a prefix) or is * for every path'),
    toleranceSec: z.number().int().min(1, 'the tolerance is at least 1 s').max(7 * 24 * 3600, 'the tolerance is at most a week').optional(),
    publicUrl: z
      .string()
      .trim()
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'the public URL is an http:// or https:// URL')
      .optional(),
    secret: z.string().max(8192).regex(/^[^\r\n]*$/, 'a secret cannot contain line breaks').optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.scheme !== 'standard-webhooks' || rule.secret === undefined || rule.secret === '') return;
    try {
      decodeStandardWebhookKey(rule.secret);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: (error as Error).message });
    }
  });

export function parseSigningRuleInput(value: unknown): SigningRuleInput {
  return parseInput(signingRuleInputSchema, value, 'signing rule');
}

/** Rules read back from the settings file: a damaged one is left out rather than breaking capture. */
export const storedSigningRules: (value: unknown) => SigningRule[] = parsedByRef((value) =>
  value.flatMap((item: unknown) => {
    const parsed = signingRuleInputSchema.safeParse(item);
    return parsed.success && parsed.data.id !== undefined ? [ruleOf({ ...parsed.data, id: parsed.data.id })] : [];
  }),
);

export function ruleOf(input: SigningRuleInput & { id: string }): SigningRule {
  return {
    id: input.id,
    scheme: input.scheme,
    path: input.path,
    ...(input.toleranceSec !== undefined && { toleranceSec: input.toleranceSec }),
    ...(input.publicUrl !== undefined && { publicUrl: input.publicUrl }),
  };
}

export function completeRule(input: SigningRuleInput): SigningRule {
  return ruleOf({ ...input, id: input.id ?? newId('sig') });
}

const KEY_PREFIX = 'signing:';

/** Secrets of signing rules, kept under their own prefix in the store poll-source secrets use. */
export class SigningSecrets {
  readonly #runOnly = new Map<string, string>();

  constructor(private readonly store: SecretStore | undefined) {}

  get(ruleId: string): string | undefined {
    return this.#runOnly.get(ruleId) ?? this.store?.get(KEY_PREFIX + ruleId);
  }

  /** Absent keeps the secret, '' forgets it. */
  async apply(ruleId: string, secret: string | undefined, runOnly: boolean): Promise<void> {
    if (secret === undefined) return;
    if (runOnly) {
      if (secret === '') this.#runOnly.delete(ruleId);
      else this.#runOnly.set(ruleId, secret);
      return;
    }
    if (!this.store) throw new Error('no secret store is available to keep this secret');
    if (secret === '') await this.store.delete(KEY_PREFIX + ruleId);
    else await this.store.set(KEY_PREFIX + ruleId, secret);
  }

  async forget(ruleId: string): Promise<void> {
    this.#runOnly.delete(ruleId);
    await this.store?.delete(KEY_PREFIX + ruleId);
  }
}
