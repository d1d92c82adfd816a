// One line of a session's events.ndjson: `{"k":"push"|"poll"|"rec", ...record}`. Parsing checks the
// fields the store relies on, so a damaged line is recognised as such instead of becoming a bad row.
import type { HookEvent, PollEvent, PollRecord, PushEvent } from '../../contract/model';

export type RecordKind = 'push' | 'poll' | 'rec';
export type StoredValue = PushEvent | PollEvent | PollRecord;

export interface ParsedRecord {
  kind: RecordKind;
  value: StoredValue;
}

export function serializeRecord(kind: RecordKind, value: StoredValue): Buffer {
  // JSON.stringify escapes every control character, so a record can never contain a raw newline.
  return Buffer.from(`${JSON.stringify({ k: kind, ...value })}\n`, 'utf8');
}

/** The record on the line, or a short reason why the line is not one. */
export function parseRecord(line: Buffer): ParsedRecord | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line.toString('utf8'));
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'not a JSON object';
  const { k, ...value } = raw as Record<string, unknown>;
  if (typeof value.id !== 'string' || value.id === '' || typeof value.t !== 'number') return 'missing id or t';
  if (k === 'push') {
    const ok = value.stream === 'push' && typeof value.body === 'string' && (value.bodyEncoding === 'utf8' || value.bodyEncoding === 'base64') && Array.isArray(value.headers);
    return ok ? { kind: 'push', value: value as unknown as PushEvent } : 'incomplete push event';
  }
  if (k === 'poll') {
    const ok = value.stream === 'poll' && typeof value.sourceId === 'string' && 'item' in value;
    return ok ? { kind: 'poll', value: value as unknown as PollEvent } : 'incomplete poll event';
  }
  if (k === 'rec') {
    return typeof value.sourceId === 'string' ? { kind: 'rec', value: value as unknown as PollRecord } : 'incomplete poll record';
  }
  return `unknown record kind ${JSON.stringify(k) ?? 'undefined'}`;
}

export function isHookEvent(record: ParsedRecord): record is { kind: 'push' | 'poll'; value: HookEvent } {
  return record.kind !== 'rec';
}

/** What a record costs to keep in memory beyond its row: the body, or the item's JSON size. */
export function payloadWeight(record: ParsedRecord): number {
  if (record.kind === 'push') return (record.value as PushEvent).body.length;
  if (record.kind === 'poll') return (record.value as PollEvent).size;
  return 0;
}
