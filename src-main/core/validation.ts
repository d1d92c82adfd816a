// Everything a user can type reaches the core through these schemas, so a bad value gets a clear
// message naming the field instead of a broken session.
import { z } from 'zod';
import type { PollSourceInput, SettingsPatch } from '../contract/api';
import { SECRET_PATTERN } from './tunnel/tunnel-access';
import { templateError } from './match/key-template';

const KEY_TEMPLATE_HINT = 'unbalanced braces: a key template looks like {type}:{data.id}';
const balancedKey = (key: string): boolean => templateError(key) === undefined;

const headerPair = z.tuple([
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'header names are letters, digits and -'),
  z.string().regex(/^[^\r\n]*$/, 'header values cannot contain line breaks'),
]);

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

const dotPath = z.string().trim().max(200).regex(/^[^\s]*$/, 'a dot path has no spaces (e.g. data.items)');

export const pollSourceInputSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
  name: z.string().trim().min(1, 'give the source a name').max(100),
  url: httpUrl,
  headers: z.array(headerPair).max(50).default([]),
  intervalMs: z.number().int().min(500, 'poll at most twice a second').max(24 * 3600 * 1000, 'poll at least once a day'),
  itemsPath: dotPath.default(''),
  idPath: dotPath.min(1, 'the id path cannot be empty').default('id'),
  enabled: z.boolean().default(true),
  demo: z.boolean().optional(),
  updatedAtPath: dotPath.optional(),
  maxPages: z.number().int().min(1, 'follow at least 1 page').max(50, 'follow at most 50 pages a poll').optional(),
  auth: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }),
      z.object({ kind: z.literal('bearer') }),
      z.object({ kind: z.literal('basic'), username: z.string().min(1, 'basic auth needs a username').max(200).regex(/^[^:\r\n]*$/, 'a username cannot contain ":" or line breaks') }),
      z.object({ kind: z.literal('apiKeyHeader'), name: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'header names are letters, digits and -') }),
      z.object({ kind: z.literal('apiKeyQuery'), name: z.string().trim().min(1, 'name the query parameter').max(100) }),
    ])
    .optional(),
  secret: z.string().max(8192).regex(/^[^\r\n]*$/, 'a secret cannot contain line breaks').optional(),
});

const tunnelAccess = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('open') }).strict(),
  z
    .object({
      mode: z.literal('path'),
      secret: z.string().trim().regex(SECRET_PATTERN, 'the secret path is 8 to 128 letters, digits, - or _'),
    })
    .strict(),
  z
    .object({
      mode: z.literal('basic'),
      user: z.string().min(1, 'give a user name').max(100).regex(/^[^:\r\n]*$/, 'the user name cannot contain : or line breaks'),
      password: z.string().min(8, 'the password is at least 8 characters').max(200).regex(/^[^\r\n]*$/, 'the password cannot contain line breaks'),
    })
    .strict(),
]);

export const settingsPatchSchema = z
  .object({
    receiverPort: z.number().int().min(0).max(65535),
    maxBodyBytes: z.number().int().min(1024, 'the body limit is at least 1 KiB').max(1024 * 1024 * 1024),
    retentionPerStream: z.number().int().min(100).max(1_000_000),
    demo: z.boolean(),
    tunnel: z
      .object({ enabled: z.boolean(), host: httpUrl, subdomain: z.string().trim().max(63).optional(), access: tunnelAccess })
      .partial(),
    match: z.object({ pushKey: z.string().trim().min(1).refine(balancedKey, KEY_TEMPLATE_HINT), pollKey: dotPath.min(1).refine(balancedKey, KEY_TEMPLATE_HINT), timePath: dotPath }).partial(),
    // '' turns auto-forward off.
    forwardTo: z.union([z.literal(''), httpUrl]),
  })
  .partial()
  .strict();

/** Parse or throw an Error whose message a user can act on. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new Error(`invalid ${what}${where}: ${issue?.message ?? 'not valid'}`);
}

export function parsePollSourceInput(value: unknown): PollSourceInput {
  return parseInput(pollSourceInputSchema, value, 'poll source');
}

export function parseSettingsPatch(value: unknown): SettingsPatch {
  return parseInput(settingsPatchSchema, value, 'settings');
}
