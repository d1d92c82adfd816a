// One short line per captured request for the list: what the sender says the event is, when it says so.
import type { HeaderPair } from '../contract/model';
import type { JsonBody } from './json-body';

const MAX_SUMMARY = 120;
/** Parsing is only worth it for bodies a list line could come from; huge payloads get the fallback. */
const MAX_PARSE_BYTES = 1024 * 1024;
const BODY_FIELDS = ['type', 'event', 'event_type', 'eventType', 'topic', 'action'];
/** Providers that name the event in a header rather than in the body. */
const EVENT_HEADERS = ['x-github-event', 'x-gitlab-event', 'x-event-key', 'x-shopify-topic', 'x-hook-event'];

export interface SummaryInput {
  method: string;
  path: string;
  headers: HeaderPair[];
  contentType?: string;
  body: Buffer;
  /** The body already parsed elsewhere (same bytes as UTF-8 text): used instead of parsing again. */
  json?: JsonBody;
}

export function summarizePush(input: SummaryInput): string {
  const headerEvent = headerValue(input.headers, EVENT_HEADERS);
  const json = parseJsonObject(input.body, input.contentType, input.json);
  const bodyEvent = json ? eventName(json) : undefined;
  const action = json && typeof json.action === 'string' ? json.action : undefined;

  let label: string | undefined;
  if (headerEvent) label = action && bodyEvent === action ? `${headerEvent}.${action}` : headerEvent;
  else label = bodyEvent;
  if (label) return clip(label);

  const hint = kindHint(input.contentType, input.body.length, json !== undefined);
  return clip(`${input.method} ${input.path}${hint ? ` · ${hint}` : ''}`);
}

function headerValue(headers: HeaderPair[], names: string[]): string | undefined {
  for (const [name, value] of headers) {
    if (names.includes(name.toLowerCase()) && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function parseJsonObject(body: Buffer, contentType?: string, shared?: JsonBody): Record<string, unknown> | undefined {
  if (body.length === 0 || body.length > MAX_PARSE_BYTES) return undefined;
  const looksJson = (contentType ?? '').toLowerCase().includes('json') || body[0] === 0x7b; // '{'
  if (!looksJson) return undefined;
  try {
    const value: unknown = shared ? shared.value() : JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function eventName(json: Record<string, unknown>): string | undefined {
  for (const field of BODY_FIELDS) {
    const value = json[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function kindHint(contentType: string | undefined, size: number, isJson: boolean): string {
  if (size === 0) return 'empty';
  if (isJson) return 'json';
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  if (type.includes('xml')) return 'xml';
  if (type.startsWith('text/')) return 'text';
  return type || `${size} bytes`;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}
