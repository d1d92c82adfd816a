// `hookscope serve --config FILE`: poll sources from a JSON file. Secrets never sit in the file:
// each source names the environment variable that holds its secret (`secretEnv`).
import { z } from 'zod';
import type { PollSourceInput } from '../contract/api';
import type { HeaderPair } from '../contract/model';
import { applyTemplate, POLL_TEMPLATES, type PollTemplateId } from '../contract/poll-templates';
import { DEFAULT_POLL_INTERVAL_MS } from '../core/defaults';
import { parsePollSourceInput } from '../core/validation';
import { parseConfigJson, readConfigText } from './config-file';
import { parseDuration, parseHeader } from './parse-flags';

const templateIds = POLL_TEMPLATES.map((t) => t.id) as [PollTemplateId, ...PollTemplateId[]];
const secretEnv = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'secretEnv is the name of an environment variable, e.g. GITHUB_TOKEN');

const authSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('bearer'), secretEnv }).strict(),
  z.object({ kind: z.literal('basic'), username: z.string(), secretEnv }).strict(),
  z.object({ kind: z.literal('apiKeyHeader'), name: z.string(), secretEnv }).strict(),
  z.object({ kind: z.literal('apiKeyQuery'), name: z.string(), secretEnv }).strict(),
]);

const sourceSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    template: z.enum(templateIds).optional(),
    params: z.record(z.string(), z.string()).optional(),
    url: z.string().optional(),
    every: z.string().optional(),
    intervalMs: z.number().optional(),
    headers: z.union([z.record(z.string(), z.string()), z.array(z.string())]).optional(),
    itemsPath: z.string().optional(),
    idPath: z.string().optional(),
    updatedAtPath: z.string().optional(),
    maxPages: z.number().optional(),
    auth: authSchema.optional(),
    enabled: z.boolean().optional(),
    secret: z.never({ error: 'secrets do not belong in the config file: put it in an environment variable and name it in auth.secretEnv' }).optional(),
  })
  .strict();

// `signing`, `responses` and `forwardTo` (signature rules, custom answers, auto-forward URL) are read by ./inspector-config.ts.
const fileSchema = z.object({ sources: z.array(sourceSchema).min(1, 'list at least one source, or leave sources out').optional(), signing: z.unknown().optional(), responses: z.unknown().optional(), forwardTo: z.unknown().optional() })
  .strict()
  .refine((file) => Object.keys(file).length > 0, 'the file sets nothing: give sources, signing, responses or forwardTo');

export async function loadPollConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<PollSourceInput[]> {
  return parsePollConfig(await readConfigText(file), file, env);
}

export function parsePollConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): PollSourceInput[] {
  const parsed = { data: parseConfigJson(text, file, fileSchema) };
  const seen = new Set<string>();
  return (parsed.data.sources ?? []).map((source, index) => {
    const at = `sources[${index}]`;
    try {
      const input = toInput(source, index, env);
      const checked = parsePollSourceInput(input);
      const id = checked.id ?? `config-${index + 1}`;
      if (seen.has(id)) throw new Error(`duplicate id "${id}"`);
      seen.add(id);
      return { ...checked, id };
    } catch (error) {
      throw new Error(`--config ${file}: ${at}: ${(error as Error).message}`);
    }
  });
}


function toInput(source: z.infer<typeof sourceSchema>, index: number, env: NodeJS.ProcessEnv): PollSourceInput {
  const base = source.template ? applyTemplate(source.template, { ...source.params, ...(source.url && { url: source.url }) }) : undefined;
  const url = source.url ?? base?.url;
  if (url === undefined) throw new Error('give a url or a template');
  let intervalMs = source.intervalMs ?? base?.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  if (source.every !== undefined) {
    try {
      intervalMs = parseDuration(source.every);
    } catch (error) {
      throw new Error(`every: ${(error as Error).message}`);
    }
  }
  let headers: HeaderPair[] = base?.headers ?? [];
  if (Array.isArray(source.headers)) headers = source.headers.reduce<HeaderPair[]>((all, line) => parseHeader(line, all), []);
  else if (source.headers) headers = Object.entries(source.headers);

  let secret: string | undefined;
  let auth = base?.auth;
  if (source.auth) {
    if (source.auth.kind !== 'none') {
      secret = env[source.auth.secretEnv];
      if (secret === undefined || secret === '') throw new Error(`auth: the environment variable ${source.auth.secretEnv} is not set`);
      const { secretEnv: _unused, ...rest } = source.auth;
      void _unused;
      auth = rest;
    } else auth = source.auth;
  } else if (auth && auth.kind !== 'none') {
    // A template that wants auth (GitHub, Stripe) still works without it, within the anonymous limits.
    auth = undefined;
  }
  return {
    id: source.id ?? `config-${index + 1}`,
    name: source.name ?? base?.name ?? hostOf(url),
    url,
    headers,
    intervalMs,
    itemsPath: source.itemsPath ?? base?.itemsPath ?? '',
    idPath: source.idPath ?? base?.idPath ?? 'id',
    enabled: source.enabled ?? true,
    ...((source.updatedAtPath ?? base?.updatedAtPath) && { updatedAtPath: source.updatedAtPath ?? base?.updatedAtPath }),
    ...((source.maxPages ?? base?.maxPages) !== undefined && { maxPages: source.maxPages ?? base?.maxPages }),
    ...(auth && { auth }),
    ...(secret !== undefined && { secret }),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
