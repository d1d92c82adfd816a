// Repairs a parsed hookscope.json against the current defaults, field by field, so one bad value costs
// that value only (and the caller keeps a copy of the original) rather than the whole file.
import type { HeaderPair, PollSourceConfig, Settings } from '../../contract/model';
import { isSafeSessionId } from '../sessions/session-folder';
import type { HookscopeFile, StoredSession } from './settings-db';

export interface Normalized {
  /** Undefined when nothing usable was found (the file is then treated as unreadable). */
  value: HookscopeFile | undefined;
  problems: string[];
  fatal: boolean;
}

export function normalizeFile(stored: unknown, defaults: Settings): Normalized {
  const problems: string[] = [];
  if (!isObject(stored)) {
    return { value: undefined, problems: [`expected a JSON object, found ${kindOf(stored)}`], fatal: true };
  }
  if (stored.version !== 1) {
    return { value: undefined, problems: [`unsupported version ${JSON.stringify(stored.version) ?? 'undefined'} (this Hookscope reads version 1)`], fatal: true };
  }
  const settings = mergeShape(defaults, stored.settings, 'settings', problems) as Settings;
  const sources = arrayOf(stored.sources, 'sources', problems).filter((item, i): item is PollSourceConfig => {
    const ok = isPollSource(item);
    if (!ok) problems.push(`sources[${i}] is not a valid poll source and was left out`);
    return ok;
  });
  const seenIds = new Set<string>();
  const sessions = arrayOf(stored.sessions, 'sessions', problems).filter((item, i): item is StoredSession => {
    if (!isSession(item)) {
      problems.push(`sessions[${i}] is not a valid session and was left out`);
      return false;
    }
    // An id names the session's folder: one that cannot (a hand edit, `../x`) or a repeated one
    // would leave an entry that can be neither opened, listed nor deleted.
    if (!isSafeSessionId(item.id) || seenIds.has(item.id)) {
      problems.push(`sessions[${i}] has ${seenIds.has(item.id) ? 'a repeated' : 'an unusable'} id ${JSON.stringify(item.id)} and was left out`);
      return false;
    }
    seenIds.add(item.id);
    return true;
  });
  const currentSessionId = typeof stored.currentSessionId === 'string' ? stored.currentSessionId : '';
  return { value: { version: 1, settings, sources, sessions, currentSessionId }, problems, fatal: false };
}

/** Keeps every stored value whose type matches the default's; unknown extra keys are kept as they are. */
function mergeShape(def: unknown, value: unknown, path: string, problems: string[]): unknown {
  if (value === undefined) return structuredClone(def);
  if (isObject(def)) {
    if (!isObject(value)) {
      problems.push(`${path}: expected an object, found ${kindOf(value)}; defaults used`);
      return structuredClone(def);
    }
    const out: Record<string, unknown> = { ...value };
    for (const key of Object.keys(def)) out[key] = mergeShape(def[key], value[key], `${path}.${key}`, problems);
    return out;
  }
  if (kindOf(def) !== kindOf(value) || (typeof value === 'number' && !Number.isFinite(value))) {
    problems.push(`${path}: expected ${kindOf(def)}, found ${kindOf(value)}; default ${JSON.stringify(def)} used`);
    return structuredClone(def);
  }
  return value;
}

function arrayOf(value: unknown, path: string, problems: string[]): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problems.push(`${path}: expected a list, found ${kindOf(value)}; an empty list used`);
  return [];
}

export function isPollSource(v: unknown): v is PollSourceConfig {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.url === 'string' &&
    Array.isArray(v.headers) &&
    v.headers.every(isHeaderPair) &&
    typeof v.intervalMs === 'number' &&
    typeof v.itemsPath === 'string' &&
    typeof v.idPath === 'string' &&
    typeof v.enabled === 'boolean'
  );
}

function isSession(v: unknown): v is StoredSession {
  return isObject(v) && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.createdAt === 'string';
}

function isHeaderPair(v: unknown): v is HeaderPair {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}
