// `hookscope serve --config FILE`: the file's `signing` list (signature rules) and `responses` list
// (custom receiver answers) for this run. As for poll sources, a secret never sits in the file: each
// signing rule names the environment variable that holds it (`secretEnv`).
import { z } from 'zod';
import type { ResponseRuleInput, SigningRuleInput } from '../contract/api';
import { parseResponseRuleInput } from '../core/responses/response-rules';
import { parseSigningRuleInput } from '../core/signing/signing-rules';
import { parseConfigJson, readConfigText } from './config-file';

const ruleSchema = z
  .object({
    id: z.string().optional(),
    scheme: z.string(),
    path: z.string().default('*'),
    toleranceSec: z.number().optional(),
    publicUrl: z.string().optional(),
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'secretEnv is the name of an environment variable, e.g. STRIPE_WEBHOOK_SECRET'),
    secret: z.never({ error: 'secrets do not belong in the config file: put it in an environment variable and name it in secretEnv' }).optional(),
  })
  .strict();

const forwardTo = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'forwardTo is an http:// or https:// URL, e.g. http://localhost:3000/webhooks');

const fileSchema = z.object({ signing: z.array(ruleSchema).optional(), responses: z.array(z.unknown()).optional(), forwardTo: forwardTo.optional() }).passthrough();

export interface InspectorConfig {
  signingRules: SigningRuleInput[];
  responseRules: ResponseRuleInput[];
  /** Auto-forward every push to this URL (absent: leave the stored setting as it is). */
  forwardTo?: string;
}

export async function loadInspectorConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<InspectorConfig> {
  return parseInspectorConfig(await readConfigText(file), file, env);
}

export function parseInspectorConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): InspectorConfig {
  const parsed = { data: parseConfigJson(text, file, fileSchema) };
  const seen = new Set<string>();
  const signingRules = (parsed.data.signing ?? []).map((rule, index) => {
    try {
      const secret = env[rule.secretEnv];
      if (secret === undefined || secret === '') throw new Error(`the environment variable ${rule.secretEnv} is not set`);
      const { secretEnv: _env, secret: _never, ...rest } = rule;
      void _env;
      void _never;
      const input = parseSigningRuleInput({ ...rest, id: rule.id ?? `config-signing-${index + 1}`, secret });
      if (seen.has(input.id ?? '')) throw new Error(`duplicate id "${input.id ?? ''}"`);
      seen.add(input.id ?? '');
      return input;
    } catch (error) {
      throw new Error(`--config ${file}: signing[${index}]: ${(error as Error).message}`);
    }
  });
  const responseRules = (parsed.data.responses ?? []).map((rule, index) => {
    try {
      return parseResponseRuleInput({ ...(isObject(rule) && rule.id === undefined && { id: `config-response-${index + 1}` }), ...(isObject(rule) ? rule : { rule }) });
    } catch (error) {
      throw new Error(`--config ${file}: responses[${index}]: ${(error as Error).message}`);
    }
  });
  return { signingRules, responseRules, ...(parsed.data.forwardTo !== undefined && { forwardTo: parsed.data.forwardTo }) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
