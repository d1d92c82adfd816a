// Pure helpers behind the poller: where the items are, what each one's id is, whether it changed.
import { createHash } from 'node:crypto';
import type { PollChange } from '../../contract/model';
import { getPath, keyOf } from '../json-path';

export type ItemsResult = { ok: true; items: unknown[] } | { ok: false; error: string };

/**
 * The items array of a response body. An empty path tries the shapes real APIs use, in order:
 * a bare array, Stripe's `data`, GitHub search's `items`.
 */
export function findItems(body: unknown, itemsPath: string): ItemsResult {
  const path = itemsPath.trim();
  if (path === '' || path === '.') {
    if (Array.isArray(body)) return { ok: true, items: body };
    const data = getPath(body, 'data');
    if (Array.isArray(data)) return { ok: true, items: data };
    const items = getPath(body, 'items');
    if (Array.isArray(items)) return { ok: true, items: items };
    return { ok: false, error: 'no items array found (looked at body, data, items) — set the items path' };
  }
  const found = getPath(body, path);
  if (Array.isArray(found)) return { ok: true, items: found };
  return { ok: false, error: `no items array at "${path}" (found ${describe(found)}) — check the items path` };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * JSON with object keys sorted at every level, so the same content always gives the same text
 * whatever order the API serialised its keys in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) sorted[key] = sortKeys(source[key]);
    return sorted;
  }
  return value;
}

export function contentHash(value: unknown): string {
  return createHash('sha1').update(canonicalJson(value)).digest('hex');
}

function versionOf(item: unknown, versionPath: string): string {
  if (versionPath !== '') {
    const value = getPath(item, versionPath);
    if (typeof value === 'string' || typeof value === 'number') return `u:${value}`;
  }
  return contentHash(item);
}

export interface KnownItem {
  item: unknown;
  hash: string;
}

export interface IndexedItems {
  /** Items by id, in response order. */
  byId: Map<string, KnownItem>;
  /** Ids seen more than once (only the first occurrence is kept). */
  duplicateIds: string[];
  /** How many items had no usable id at the id path (strings and finite numbers only). */
  missingIds: number;
}

/**
 * Items by id. With an updated-at path an item's version is that value (no hashing: the API says
 * when it changed); items without a usable value there fall back to the content hash.
 */
export function indexItems(items: unknown[], idPath: string, updatedAtPath = ''): IndexedItems {
  const path = idPath.trim() || 'id';
  const versionPath = updatedAtPath.trim();
  const byId = new Map<string, KnownItem>();
  const duplicates = new Set<string>();
  let missingIds = 0;
  for (const item of items) {
    const id = keyOf(getPath(item, path));
    if (id === undefined) {
      missingIds += 1;
      continue;
    }
    if (byId.has(id)) {
      duplicates.add(id);
      continue;
    }
    byId.set(id, { item, hash: versionOf(item, versionPath) });
  }
  return { byId, duplicateIds: [...duplicates], missingIds };
}

/**
 * A warning for a poll that otherwise worked, or undefined. It goes in PollRecord.error prefixed
 * with "warning:" because the record has no separate field for it and the diff is still valid.
 */
export function indexWarning(indexed: IndexedItems, idPath: string): string | undefined {
  const parts: string[] = [];
  const path = idPath.trim() || 'id';
  if (indexed.missingIds > 0) {
    parts.push(`${indexed.missingIds} item${indexed.missingIds === 1 ? '' : 's'} without an id at "${path}" (skipped) — check the id path`);
  }
  if (indexed.duplicateIds.length > 0) {
    const shown = indexed.duplicateIds.slice(0, 5).join(', ');
    const more = indexed.duplicateIds.length > 5 ? ` and ${indexed.duplicateIds.length - 5} more` : '';
    parts.push(`duplicate ids in one response (kept the first): ${shown}${more}`);
  }
  return parts.length > 0 ? `warning: ${parts.join('; ')}` : undefined;
}

export interface ItemChange {
  itemId: string;
  change: Exclude<PollChange, 'baseline'>;
  item: unknown;
}

/**
 * What changed from one list to the next: new and changed in response order, then removed in the
 * order they were known. Removals only when the list is complete: an id missing from a paginated
 * list has most likely moved to a page not fetched.
 */
export function diffItems(known: Map<string, KnownItem>, current: Map<string, KnownItem>, complete = true): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const [itemId, now] of current) {
    const before = known.get(itemId);
    if (!before) changes.push({ itemId, change: 'new', item: now.item });
    else if (before.hash !== now.hash) changes.push({ itemId, change: 'changed', item: now.item });
  }
  if (!complete) return changes;
  for (const [itemId, before] of known) {
    if (!current.has(itemId)) changes.push({ itemId, change: 'removed', item: before.item });
  }
  return changes;
}

const SUMMARY_FIELDS = ['type', 'event', 'name', 'title'];
const SUMMARY_MAX = 80;

/** One line for the list: the item's kind or name when it has one, else its id. */
export function summaryOf(item: unknown, itemId: string): string {
  for (const field of SUMMARY_FIELDS) {
    const value = getPath(item, field);
    const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
    if (text !== '') return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
  }
  return itemId;
}

export function jsonSize(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item) ?? '', 'utf8');
}
