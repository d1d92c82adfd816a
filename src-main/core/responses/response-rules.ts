// Custom answers of the receiver: the first rule whose method and path match decides the status,
// headers, body and delay. Counted rules ("500 to the first delivery") stop applying once used up.
import { z } from 'zod';
import type { ResponseRuleInput } from '../../contract/api';
import type { HeaderPair, ResponseRule } from '../../contract/model';
import { newId } from '../ids';
import { pathMatches } from '../path-pattern';
import { parseInput } from '../validation';
import { parsedByRef } from '../parsed-by-ref';

export const MAX_RESPONSE_DELAY_MS = 30_000;
const MAX_RESPONSE_BODY = 1024 * 1024;
/** Framing headers are the server's business: a wrong Content-Length would break the connection. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

export const responseRuleInputSchema = z
  .object({
    id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a rule id is letters, digits, - and _').optional(),
    method: z
      .string()
      .trim()
      .transform((m) => m.toUpperCase())
      .pipe(z.string().regex(/^(\*|[A-Z]+)$/, 'the method is a word like POST, or * for any')),
    path: z
      .string()
      .trim()
      .max(500)
      .regex(/^(\*|\/\S*)$/, 'the path starts with / (end it with * for a prefix) or is * for every path'),
    status: z.number().int().min(200, 'the status is from 200 to 599').max(599, 'the status is from 200 to 599'),
    headers: z
      .array(
        z.tuple([
          z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'header names are letters, digits and -'),
          z.string().regex(/^[^\r\n]*$/, 'header values cannot contain line breaks'),
        ]),
      )
      .max(50)
      .refine((pairs) => pairs.every(([name]) => !FRAMING.has(name.toLowerCase())), 'Content-Length, Transfer-Encoding and Connection are set by the receiver')
      .default([]),
    body: z.string().max(MAX_RESPONSE_BODY, 'the body is at most 1 MiB').default(''),
    delayMs: z.number().int().min(0, 'the delay cannot be negative').max(MAX_RESPONSE_DELAY_MS, 'the delay is at most 30 s').default(0),
    times: z.number().int().min(1, 'apply it at least once (or leave times out)').optional(),
  })
  .strict();

export function parseResponseRuleInput(value: unknown): ResponseRuleInput & { id?: string } {
  return parseInput(responseRuleInputSchema, value, 'response rule');
}

function ruleOf(input: ResponseRuleInput): ResponseRule {
  return {
    id: input.id ?? newId('resp'),
    method: input.method,
    path: input.path,
    status: input.status,
    headers: input.headers,
    body: input.body,
    delayMs: input.delayMs,
    ...(input.times !== undefined && { times: input.times }),
  };
}

/** Rules read back from the settings file: a damaged one is left out rather than breaking the receiver. */
export const storedResponseRules: (value: unknown) => ResponseRule[] = parsedByRef((value) =>
  value.flatMap((item: unknown) => {
    const parsed = responseRuleInputSchema.safeParse(item);
    return parsed.success && parsed.data.id !== undefined ? [ruleOf(parsed.data)] : [];
  }),
);

export interface ResponsePlan {
  status: number;
  headers: HeaderPair[];
  body: Buffer;
  delayMs: number;
  ruleId: string;
}

export interface ResponseRulesDeps {
  stored(): unknown;
  save(rules: ResponseRule[]): Promise<void>;
}

export class ResponseRules {
  readonly #runOnly: ResponseRule[] = [];
  readonly #used = new Map<string, number>();

  constructor(private readonly deps: ResponseRulesDeps) {}

  rules(): ResponseRule[] {
    return [...this.#runOnly, ...storedResponseRules(this.deps.stored())];
  }

  views(): ResponseRule[] {
    return this.rules().map((rule) => ({ ...rule, used: this.#used.get(rule.id) ?? 0 }));
  }

  /** The answer for a request, counting it against the rule; undefined means the default 200. */
  plan(method: string, path: string): ResponsePlan | undefined {
    const rule = this.rules().find(
      (r) => (r.method === '*' || r.method === method.toUpperCase()) && pathMatches(r.path, path) && (r.times === undefined || (this.#used.get(r.id) ?? 0) < r.times),
    );
    if (!rule) return undefined;
    this.#used.set(rule.id, (this.#used.get(rule.id) ?? 0) + 1);
    return { status: rule.status, headers: rule.headers, body: Buffer.from(rule.body, 'utf8'), delayMs: rule.delayMs, ruleId: rule.id };
  }

  /** Counted rules start over in another session: "the first delivery" means that session's first. */
  resetCounts(): void {
    this.#used.clear();
  }

  addRunOnly(inputs: unknown[]): void {
    for (const input of inputs) this.#runOnly.push(ruleOf(parseResponseRuleInput(input)));
  }

  async upsert(input: unknown): Promise<ResponseRule[]> {
    const rule = ruleOf(parseResponseRuleInput(input));
    // A changed rule starts counting again: "the first delivery" means the first after saving.
    this.#used.delete(rule.id);
    const runOnlyIndex = this.#runOnly.findIndex((r) => r.id === rule.id);
    if (runOnlyIndex >= 0) this.#runOnly[runOnlyIndex] = rule;
    else {
      const stored = storedResponseRules(this.deps.stored());
      const index = stored.findIndex((r) => r.id === rule.id);
      await this.deps.save(index >= 0 ? stored.map((r) => (r.id === rule.id ? rule : r)) : [...stored, rule]);
    }
    return this.views();
  }

  async remove(id: string): Promise<ResponseRule[]> {
    const runOnlyIndex = this.#runOnly.findIndex((r) => r.id === id);
    const stored = storedResponseRules(this.deps.stored());
    if (runOnlyIndex < 0 && !stored.some((r) => r.id === id)) throw new Error(`no response rule with id ${id}`);
    if (runOnlyIndex >= 0) this.#runOnly.splice(runOnlyIndex, 1);
    else await this.deps.save(stored.filter((r) => r.id !== id));
    this.#used.delete(id);
    return this.views();
  }
}
