// `hookscope serve --config FILE`: the file's `signing` list (signature rules) and `responses` list
// (custom receiver answers) for this run. As for poll sources, a secret never sits in the file: each
// signing rule names the environment variable that holds it (`secretEnv`).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ResponseRuleInput, SigningRuleInput } from '../contract/api';
import { parseResponseRuleInput } from '../core/responses/response-rules';
import { parseSigningRuleInput } from '../core/signing/signing-rules';

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

const fileSchema = z.object({ signing: z.array(ruleSchema).optional(), responses: z.array(z.unknown()).optional() }).passthrough();

export interface InspectorConfig {
  signingRules: SigningRuleInput[];
  responseRules: ResponseRuleInput[];
}

export async function loadInspectorConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<InspectorConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`--config ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseInspectorConfig(text, file, env);
}

export function parseInspectorConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): InspectorConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    throw new Error(`--config ${file}: ${where}${issue?.message ?? 'not valid'}`);
  }
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
  return { signingRules, responseRules };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
