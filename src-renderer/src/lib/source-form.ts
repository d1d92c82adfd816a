// The source editor's form: flat strings a user types, to and from the contract's PollSourceInput.
import type { PollSourceInput } from '@contract/api';
import type { HeaderPair, PollAuth, PollSourceConfig } from '@contract/model';
import { applyTemplate, type PollTemplateId } from '@contract/poll-templates';

export type AuthKind = PollAuth['kind'];

export interface SourceForm {
  id?: string;
  name: string;
  url: string;
  intervalSec: string;
  itemsPath: string;
  idPath: string;
  updatedAtPath: string;
  maxPages: string;
  /** One `Name: value` a line. */
  headers: string;
  authKind: AuthKind;
  /** Username (basic) or header/parameter name (API key). */
  authName: string;
  /** Typed secret; '' keeps the stored one. */
  secret: string;
  enabled: boolean;
}

export function emptyForm(): SourceForm {
  return { name: '', url: '', intervalSec: '5', itemsPath: '', idPath: 'id', updatedAtPath: '', maxPages: '5', headers: '', authKind: 'none', authName: '', secret: '', enabled: true };
}

export function formFromConfig(config: PollSourceConfig): SourceForm {
  const auth = config.auth ?? { kind: 'none' };
  return {
    id: config.id,
    name: config.name,
    url: config.url,
    intervalSec: String(config.intervalMs / 1000),
    itemsPath: config.itemsPath,
    idPath: config.idPath,
    updatedAtPath: config.updatedAtPath ?? '',
    maxPages: String(config.maxPages ?? 5),
    headers: config.headers.map(([n, v]) => `${n}: ${v}`).join('\n'),
    authKind: auth.kind,
    authName: auth.kind === 'basic' ? auth.username : auth.kind === 'apiKeyHeader' || auth.kind === 'apiKeyQuery' ? auth.name : '',
    secret: '',
    enabled: config.enabled,
  };
}

/** Fills the form from a template, keeping what the template does not set. */
export function formFromTemplate(form: SourceForm, id: PollTemplateId, params: Record<string, string>): SourceForm {
  const t = applyTemplate(id, params);
  return {
    ...form,
    name: t.name,
    url: t.url,
    intervalSec: String(t.intervalMs / 1000),
    itemsPath: t.itemsPath,
    idPath: t.idPath,
    updatedAtPath: t.updatedAtPath ?? '',
    maxPages: String(t.maxPages ?? 5),
    headers: t.headers.map(([n, v]) => `${n}: ${v}`).join('\n'),
    authKind: t.auth?.kind ?? 'none',
  };
}

export type FormResult = { ok: true; input: PollSourceInput } | { ok: false; error: string };

export function inputFromForm(form: SourceForm): FormResult {
  const interval = Number(form.intervalSec);
  if (!Number.isFinite(interval) || interval < 0.5) return { ok: false, error: 'Interval: a number of seconds, 0.5 or more' };
  const maxPages = Number(form.maxPages);
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 50) return { ok: false, error: 'Pages per poll: a whole number from 1 to 50' };
  const headers: HeaderPair[] = [];
  for (const [i, line] of form.headers.split('\n').entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `Headers, line ${i + 1}: expected "Name: value"` };
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  let auth: PollAuth;
  switch (form.authKind) {
    case 'basic':
      auth = { kind: 'basic', username: form.authName.trim() };
      break;
    case 'apiKeyHeader':
    case 'apiKeyQuery':
      if (form.authName.trim() === '') return { ok: false, error: `Auth: name the ${form.authKind === 'apiKeyHeader' ? 'header' : 'query parameter'}` };
      auth = { kind: form.authKind, name: form.authName.trim() };
      break;
    default:
      auth = { kind: form.authKind };
  }
  return {
    ok: true,
    input: {
      ...(form.id && { id: form.id }),
      name: form.name.trim() || hostOf(form.url),
      url: form.url.trim(),
      headers,
      intervalMs: Math.round(interval * 1000),
      itemsPath: form.itemsPath.trim(),
      idPath: form.idPath.trim() || 'id',
      ...(form.updatedAtPath.trim() && { updatedAtPath: form.updatedAtPath.trim() }),
      maxPages,
      auth,
      enabled: form.enabled,
      ...(form.secret !== '' && auth.kind !== 'none' && { secret: form.secret }),
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'source';
  }
}
