// Turning a captured body into something readable. Everything here produces plain strings and
// tokens: the UI renders them as React text, never as HTML.
import type { PushEvent } from '@contract/model';
import { parseMultipart, type MultipartResult } from './multipart';
import { prettyXml } from './xml-pretty';

/** Past this, pretty-printing and colouring would stall the UI; the raw text is still shown. */
export const PRETTY_LIMIT = 1024 * 1024;
/** Syntax colouring makes one element per token; beyond this size the pretty text stays plain. */
export const COLOUR_LIMIT = 256 * 1024;
/** Bytes shown in the hex dump; the full body is still held by the core. */
export const HEX_LIMIT = 64 * 1024;
/** The collapsible tree makes several elements per value; past this the JSON is shown as text. */
export const TREE_LIMIT = 256 * 1024;

export type BodyModel =
  | { kind: 'empty' }
  | { kind: 'json'; text: string; pretty: string; value: unknown }
  | { kind: 'form'; text: string; pairs: [string, string][] }
  | { kind: 'xml'; text: string; pretty: string }
  | { kind: 'multipart'; bytes: Uint8Array; result: MultipartResult }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: Uint8Array };

/** The exact bytes of a stored body: utf8 bodies are stored only when they round-trip, so encoding gives them back. */
export function bodyBytes(ev: Pick<PushEvent, 'body' | 'bodyEncoding'>): Uint8Array {
  return ev.bodyEncoding === 'base64' ? decodeBase64(ev.body) : new TextEncoder().encode(ev.body);
}

function isXmlType(ct: string): boolean {
  return /^(application|text)\/([\w.+-]*\+)?xml\b/.test(ct) || /^application\/soap\+xml/.test(ct);
}

export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function prettyJson(value: unknown): string {
  const s = JSON.stringify(value, null, 2) as string | undefined;
  return s ?? String(value);
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function bodyModel(ev: Pick<PushEvent, 'body' | 'bodyEncoding' | 'contentType'>): BodyModel {
  const ctLower = (ev.contentType ?? '').toLowerCase().trim();
  if (ctLower.startsWith('multipart/') && ev.body !== '') {
    let bytes: Uint8Array;
    try {
      bytes = bodyBytes(ev);
    } catch {
      return { kind: 'text', text: ev.body };
    }
    return { kind: 'multipart', bytes, result: parseMultipart(bytes, ev.contentType ?? '') };
  }
  if (ev.bodyEncoding === 'base64') {
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64(ev.body);
    } catch {
      // A body the core says is base64 but is not: show it as text rather than lose it.
      return { kind: 'text', text: ev.body };
    }
    return bytes.length === 0 ? { kind: 'empty' } : { kind: 'binary', bytes };
  }
  const text = ev.body;
  if (text === '') return { kind: 'empty' };
  const ct = (ev.contentType ?? '').toLowerCase();
  const looksJson = ct.includes('json') || /^\s*[[{]/.test(text);
  if (looksJson && text.length <= PRETTY_LIMIT) {
    const parsed = tryParseJson(text);
    if (parsed.ok) return { kind: 'json', text, pretty: prettyJson(parsed.value), value: parsed.value };
  }
  if ((isXmlType(ct) || /^\s*<\?xml[\s?]/.test(text)) && text.length <= PRETTY_LIMIT) {
    const pretty = prettyXml(text);
    if (pretty !== undefined) return { kind: 'xml', text, pretty };
  }
  if (ct.includes('application/x-www-form-urlencoded')) {
    return { kind: 'form', text, pairs: parseQuery(text) };
  }
  return { kind: 'text', text };
}

/** Query or form pairs in order, duplicates kept; malformed escapes are shown as written. */
export function parseQuery(raw: string): [string, string][] {
  const out: [string, string][] = [];
  const q = raw.startsWith('?') ? raw.slice(1) : raw;
  if (q === '') return out;
  for (const part of q.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.push([safeDecode(k), safeDecode(v)]);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Classic 16-bytes-a-line dump: offset, hex, printable ASCII. */
export function hexDump(bytes: Uint8Array, limit = HEX_LIMIT): string {
  const n = Math.min(bytes.length, limit);
  const lines: string[] = [];
  for (let off = 0; off < n; off += 16) {
    const end = Math.min(off + 16, n);
    let hex = '';
    let ascii = '';
    for (let i = off; i < off + 16; i++) {
      if (i < end) {
        const b = bytes[i];
        hex += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hex += '   ';
      }
      if (i - off === 7) hex += ' ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}

export type JsonTokenKind = 'key' | 'string' | 'number' | 'boolean' | 'null' | 'punct' | 'space';
export interface JsonToken {
  kind: JsonTokenKind;
  text: string;
}

const TOKEN_RE = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false)|(null)|([{}[\],:])|(\s+)/g;

/** Splits JSON text (as JSON.stringify writes it) into tokens for colouring. Lossless. */
export function tokenizeJson(text: string): JsonToken[] {
  const out: JsonToken[] = [];
  let last = 0;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    if (m.index > last) out.push({ kind: 'punct', text: text.slice(last, m.index) });
    if (m[1] !== undefined) {
      if (m[2] !== undefined) {
        out.push({ kind: 'key', text: m[1] });
        out.push({ kind: 'punct', text: m[2] });
      } else out.push({ kind: 'string', text: m[1] });
    } else if (m[3] !== undefined) out.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'boolean', text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: 'null', text: m[5] });
    else if (m[6] !== undefined) out.push({ kind: 'punct', text: m[6] });
    else out.push({ kind: 'space', text: m[7] });
    last = TOKEN_RE.lastIndex;
  }
  if (last < text.length) out.push({ kind: 'punct', text: text.slice(last) });
  return out;
}
