// One line of a session's events.ndjson. Two layouts are read:
// - v1 (older logs): `{"k":"push"|"poll"|"rec", ...record}`;
// - v2 (written now): `{...row}<TAB>{...payload}` — the row (what lists and matching need; its `stream`
//   is the kind) before a tab, the payload (headers and body, or the polled item) after it.
//   JSON.stringify never writes a raw tab, so the first tab on a line is the boundary, and a reopen
//   parses rows straight into the objects it keeps, without touching bodies. Poll records have no
//   payload and keep the v1 layout.
// Parsing checks the fields the store relies on, so a damaged line is recognised as such instead of
// becoming a bad row.
import type { HookEvent, PollEvent, PollRecord, PollRow, PushEvent, PushRow } from '../../contract/model';
import { toPollRow, toPushRow } from '../rows';

export type RecordKind = 'push' | 'poll' | 'rec';
export type StoredValue = PushEvent | PollEvent | PollRecord;
export type StoredRow = PushRow | PollRow | PollRecord;

export interface ParsedRecord {
  kind: RecordKind;
  value: StoredValue;
}

/** A record as a reopen needs it: its row, and what its payload would cost to keep in memory. */
export interface ParsedRow {
  kind: RecordKind;
  row: StoredRow;
  weight: number;
}

const TAB = 0x09;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export interface EncodedRecord {
  line: Buffer;
  row: StoredRow;
  /** Bytes of the payload (v2) — what keeping the line in memory costs beyond the row. */
  weight: number;
}

/** The line for a record, and the row it carries (built once, shared with the store's index). */
export function encodeRecord(kind: RecordKind, value: StoredValue): EncodedRecord {
  // `{"k":…,` + the object's own JSON without its brace: the same bytes as stringifying
  // `{ k, ...value }`, without copying the object first.
  if (kind === 'rec') return { line: Buffer.from(`{"k":"rec",${JSON.stringify(value).slice(1)}\n`, 'utf8'), row: value, weight: 0 };
  let row: StoredRow;
  let payload: string;
  if (kind === 'push') {
    const ev = value as PushEvent;
    row = toPushRow(ev);
    payload = JSON.stringify({ headers: ev.headers, body: ev.body, bodyEncoding: ev.bodyEncoding });
  } else {
    const ev = value as PollEvent;
    row = toPollRow(ev);
    payload = JSON.stringify({ item: ev.item });
  }
  const line = Buffer.from(`${JSON.stringify(row)}\t${payload}\n`, 'utf8');
  return { line, row, weight: Buffer.byteLength(payload) };
}

export function serializeRecord(kind: RecordKind, value: StoredValue): Buffer {
  return encodeRecord(kind, value).line;
}

/** The record on the line (both layouts), or a short reason why the line is not one. */
export function parseRecord(line: Buffer): ParsedRecord | string {
  const tab = line.indexOf(TAB);
  let raw: unknown;
  try {
    if (tab < 0) raw = JSON.parse(line.toString('utf8'));
    else {
      const head: unknown = JSON.parse(line.toString('utf8', 0, tab));
      const tail: unknown = JSON.parse(line.toString('utf8', tab + 1));
      if (!isObject(head) || !isObject(tail)) return 'not a JSON object';
      raw = { k: head.stream, ...head, ...tail };
    }
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (!isObject(raw)) return 'not a JSON object';
  const { k, ...value } = raw;
  const bad = checkRow(k, value);
  if (bad) return bad;
  if (k === 'push') {
    const ok = typeof value.body === 'string' && (value.bodyEncoding === 'utf8' || value.bodyEncoding === 'base64') && Array.isArray(value.headers);
    return ok ? { kind: 'push', value: value as unknown as PushEvent } : 'incomplete push event';
  }
  if (k === 'poll') return 'item' in value ? { kind: 'poll', value: value as unknown as PollEvent } : 'incomplete poll event';
  return { kind: 'rec', value: value as unknown as PollRecord };
}

/**
 * The row on the line `buf[start, end)` without parsing its payload (v2), for reopening a log.
 * `complete` is false for a last line with no newline: an interrupted write may have cut its payload,
 * so that one is parsed in full. v1 lines are parsed in full as before.
 */
export function parseRow(buf: Buffer, start = 0, end = buf.length, complete = true): ParsedRow | string {
  // Searched in a view of the line: in a log of v1 lines (no tab) an open search would run on
  // through the rest of the read buffer for every line.
  const inLine = buf.subarray(start, end).indexOf(TAB);
  const tab = inLine < 0 ? -1 : start + inLine;
  if (tab < 0 || !complete) {
    const record = parseRecord(buf.subarray(start, end));
    if (typeof record === 'string') return record;
    return { kind: record.kind, row: rowOf(record), weight: tab < 0 ? payloadWeight(record) : end - tab - 1 };
  }
  // A payload cut short or overwritten by another line shows at its ends; anything subtler is caught
  // when the event is read (get and export parse the whole line).
  if (buf[tab + 1] !== OPEN_BRACE || buf[end - 1] !== CLOSE_BRACE) return 'damaged payload';
  let raw: unknown;
  try {
    raw = JSON.parse(buf.toString('utf8', start, tab));
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (!isObject(raw)) return 'not a JSON object';
  const kind = raw.stream;
  if (kind !== 'push' && kind !== 'poll') return 'row of unknown stream';
  const bad = checkRow(kind, raw);
  if (bad) return bad;
  return { kind, row: raw as unknown as StoredRow, weight: end - tab - 1 };
}

function checkRow(k: unknown, value: Record<string, unknown>): string | undefined {
  if (typeof value.id !== 'string' || value.id === '' || typeof value.t !== 'number') return 'missing id or t';
  if (k === 'push') return value.stream === 'push' ? undefined : 'incomplete push event';
  if (k === 'poll') return value.stream === 'poll' && typeof value.sourceId === 'string' ? undefined : 'incomplete poll event';
  if (k === 'rec') return typeof value.sourceId === 'string' ? undefined : 'incomplete poll record';
  return `unknown record kind ${JSON.stringify(k) ?? 'undefined'}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function rowOf(record: ParsedRecord): StoredRow {
  if (record.kind === 'push') return toPushRow(record.value as PushEvent);
  if (record.kind === 'poll') return toPollRow(record.value as PollEvent);
  return record.value;
}

export function isHookEvent(record: ParsedRecord): record is { kind: 'push' | 'poll'; value: HookEvent } {
  return record.kind !== 'rec';
}

/** What a v1 record costs to keep in memory beyond its row: the body, or the item's JSON size. */
export function payloadWeight(record: ParsedRecord): number {
  if (record.kind === 'push') return (record.value as PushEvent).body.length;
  if (record.kind === 'poll') return (record.value as PollEvent).size;
  return 0;
}
