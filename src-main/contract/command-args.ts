// Runtime check of the arguments of each command, shared by both transports: whatever arrives from a
// renderer or a WebSocket client must at least have the contract's arity and argument kinds.
import { z } from 'zod';
import { SEARCH_QUERY_MAX } from './search-query';
import { COMMAND_NAMES, type CommandArgs, type CommandName, type PollSourceInput, type ReplayRequest, type ResponseRuleInput, type SettingsPatch, type SigningRuleInput } from './api';

// Objects are only checked for being objects here: the core validates their fields with its own
// schemas (src-main/core/validation.ts), which know the defaults and give field-level messages.
function objectOf<T>(what: string) {
  return z.custom<T>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    `expected ${what} (an object)`,
  );
}

const schemas: { [K in CommandName]: z.ZodType<CommandArgs<K>> } = {
  snapshot: z.tuple([]),
  getEvent: z.tuple([z.string()]),
  clear: z.tuple([]),
  setTunnel: z.tuple([z.boolean()]),
  setDemo: z.tuple([z.boolean()]),
  upsertPollSource: z.tuple([objectOf<PollSourceInput>('a poll source')]),
  removePollSource: z.tuple([z.string()]),
  updateSettings: z.tuple([objectOf<SettingsPatch>('a settings patch')]),
  testPollSource: z.tuple([objectOf<PollSourceInput>('a poll source')]),
  sendTestWebhook: z.tuple([]),
  tunnelPassword: z.tuple([]),
  signingRules: z.tuple([]),
  upsertSigningRule: z.tuple([objectOf<SigningRuleInput>('a signing rule')]),
  removeSigningRule: z.tuple([z.string()]),
  replayPush: z.tuple([z.string(), objectOf<ReplayRequest>('a replay request')]),
  importHar: z.tuple([z.string()]),
  exportHar: z.tuple([]),
  responseRules: z.tuple([]),
  upsertResponseRule: z.tuple([objectOf<ResponseRuleInput>('a response rule')]),
  removeResponseRule: z.tuple([z.string()]),
  report: z.tuple([z.enum(['json', 'csv', 'html'], { error: 'expected json, csv or html' })]),
  search: z.tuple([z.string().max(SEARCH_QUERY_MAX, `expected a query of at most ${SEARCH_QUERY_MAX} characters`)]),
  forwards: z.tuple([z.string()]),
  decodedBody: z.tuple([z.string()]),
  listSessions: z.tuple([]),
  // The name's length and uniqueness are the core's to judge (it trims first and knows the others).
  createSession: z.tuple([
    z.object({ name: z.string({ error: 'expected a session name (a string)' }), copySettings: z.boolean().optional() }, { error: 'expected {name, copySettings?}' }).strict(),
  ]),
  switchSession: z.tuple([z.string()]),
  renameSession: z.tuple([z.string(), z.string()]),
  deleteSession: z.tuple([z.string()]),
};

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
}

export type ParsedArgs<K extends CommandName> = { ok: true; args: CommandArgs<K> } | { ok: false; error: string };

export function parseCommandArgs<K extends CommandName>(name: K, args: unknown): ParsedArgs<K> {
  const result = schemas[name].safeParse(args);
  if (result.success) return { ok: true, args: result.data as CommandArgs<K> };
  const detail = result.error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `argument ${issue.path.map(String).join('.')}` : 'arguments';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, error: `bad arguments for ${name}: ${detail}` };
}
