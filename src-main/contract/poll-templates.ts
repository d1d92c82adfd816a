// Ready-made poll sources for common APIs: they fill the URL, items path, id path, headers, auth
// kind and a sensible interval. Shared by the source editor, the CLI config file and the tests.
import type { HeaderPair, PollAuth, PollSourceConfig } from './model';

export type PollTemplateId = 'github-repo-events' | 'stripe-events' | 'json-array' | 'json-server' | 'demo';

export interface PollTemplate {
  id: PollTemplateId;
  label: string;
  /** What the user must supply to complete the URL. */
  params: { name: string; label: string; example: string }[];
  hint: string;
}

export type TemplateFields = Pick<PollSourceConfig, 'name' | 'url' | 'itemsPath' | 'idPath' | 'headers' | 'intervalMs'> & {
  updatedAtPath?: string;
  maxPages?: number;
  auth?: PollAuth;
};

export const POLL_TEMPLATES: readonly PollTemplate[] = [
  {
    id: 'github-repo-events',
    label: 'GitHub repository events',
    params: [
      { name: 'owner', label: 'Owner', example: 'octocat' },
      { name: 'repo', label: 'Repository', example: 'hello-world' },
    ],
    hint: 'Obeys X-Poll-Interval (60 s) and ETags; a token (bearer) raises the limit from 60 to 5,000 requests an hour. Match webhooks by a configured key: GitHub event ids differ from X-GitHub-Delivery.',
  },
  {
    id: 'stripe-events',
    label: 'Stripe events',
    params: [],
    hint: 'Bearer auth with a secret key (sk_test_…). Stripe sends the same evt_ id in webhooks, so the streams join by id.',
  },
  {
    id: 'json-array',
    label: 'Generic JSON array',
    params: [{ name: 'url', label: 'URL', example: 'https://api.example.com/v1/items' }],
    hint: 'Any endpoint answering a JSON array (or an object with data/items); set the paths if it differs.',
  },
  {
    id: 'json-server',
    label: 'json-server collection',
    params: [
      { name: 'base', label: 'Server', example: 'http://127.0.0.1:3000' },
      { name: 'collection', label: 'Collection', example: 'posts' },
    ],
    hint: 'A whole collection in one list: creates, updates and deletes all show (removals too).',
  },
  {
    id: 'demo',
    label: 'Built-in demo (Outreachly)',
    params: [{ name: 'apiUrl', label: 'Demo API', example: 'http://127.0.0.1:4749' }],
    hint: 'The demo SaaS started by the demo switch; its URL is shown in the header.',
  },
];

const JSON_ACCEPT: HeaderPair = ['Accept', 'application/json'];

function need(params: Record<string, string>, name: string, template: PollTemplateId): string {
  const value = (params[name] ?? '').trim();
  if (value === '') throw new Error(`template ${template} needs "${name}"`);
  return value;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The fields a template fills; throws with the missing parameter's name. */
export function applyTemplate(id: PollTemplateId, params: Record<string, string> = {}): TemplateFields {
  switch (id) {
    case 'github-repo-events': {
      const owner = encodeURIComponent(need(params, 'owner', id));
      const repo = encodeURIComponent(need(params, 'repo', id));
      return {
        name: `GitHub ${params.owner}/${params.repo} events`,
        url: `https://api.github.com/repos/${owner}/${repo}/events?per_page=100`,
        itemsPath: '',
        idPath: 'id',
        headers: [['Accept', 'application/vnd.github+json'], ['X-GitHub-Api-Version', '2022-11-28']],
        intervalMs: 60_000,
        maxPages: 3,
        auth: { kind: 'bearer' },
      };
    }
    case 'stripe-events':
      return {
        name: 'Stripe events',
        url: 'https://api.stripe.com/v1/events?limit=100',
        itemsPath: 'data',
        idPath: 'id',
        headers: [JSON_ACCEPT],
        intervalMs: 30_000,
        maxPages: 3,
        auth: { kind: 'bearer' },
      };
    case 'json-array':
      return { name: hostOf(need(params, 'url', id)), url: need(params, 'url', id), itemsPath: '', idPath: 'id', headers: [JSON_ACCEPT], intervalMs: 5_000 };
    case 'json-server': {
      const base = trimSlash(need(params, 'base', id));
      const collection = encodeURIComponent(need(params, 'collection', id));
      return { name: `json-server ${params.collection}`, url: `${base}/${collection}`, itemsPath: '', idPath: 'id', headers: [JSON_ACCEPT], intervalMs: 2_000 };
    }
    case 'demo':
      return {
        name: 'Outreachly API (demo)',
        url: `${trimSlash(need(params, 'apiUrl', id))}/v1/events?limit=50`,
        itemsPath: 'data',
        idPath: 'id',
        headers: [],
        intervalMs: 5_000,
      };
  }
}

export function isTemplateId(value: unknown): value is PollTemplateId {
  return POLL_TEMPLATES.some((t) => t.id === value);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
