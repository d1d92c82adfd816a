// What differs between a webhook payload and the polled object of the same event, as rows a person
// can scan: fields only the webhook carries, fields only the API has, and values that went stale.
import { create, type Delta } from 'jsondiffpatch';

export type DiffKind = 'push-only' | 'poll-only' | 'changed';

export interface DiffRow {
  path: string;
  kind: DiffKind;
  push?: string;
  poll?: string;
}

const differ = create({
  // Array items with an id are matched by it, so an inserted element is not a change of every later one.
  objectHash: (item: object, index?: number) => {
    const id = (item as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : `$$index:${index ?? 0}`;
  },
  arrays: { detectMove: false },
});

export function payloadDiff(pushed: unknown, polled: unknown): DiffRow[] {
  const delta = differ.diff(pushed, polled);
  const rows: DiffRow[] = [];
  if (delta !== undefined) walk(delta, '', rows);
  return rows;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function walk(delta: Delta, path: string, rows: DiffRow[]): void {
  if (Array.isArray(delta)) {
    if (delta.length === 1) rows.push({ path: path || '(root)', kind: 'poll-only', poll: show(delta[0]) });
    else if (delta.length === 2) rows.push({ path: path || '(root)', kind: 'changed', push: show(delta[0]), poll: show(delta[1]) });
    else if (delta.length === 3 && delta[2] === 0) rows.push({ path: path || '(root)', kind: 'push-only', push: show(delta[0]) });
    else rows.push({ path: path || '(root)', kind: 'changed', push: '(text)', poll: '(text)' });
    return;
  }
  if (delta === null || typeof delta !== 'object') return;
  const isArray = (delta as Record<string, unknown>)._t === 'a';
  for (const [key, sub] of Object.entries(delta as Record<string, Delta>)) {
    if (key === '_t') continue;
    // In array deltas `_3` names the old index of a removed item, `3` the new index.
    const name = isArray ? `[${key.startsWith('_') ? key.slice(1) : key}]` : key;
    const next = isArray ? `${path}${name}` : path === '' ? name : `${path}.${name}`;
    walk(sub, next, rows);
  }
}
