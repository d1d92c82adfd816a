// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) out of and into a session. Every push is
// one entry whose request carries the exact bytes received: text bodies as text, anything else as
// base64 (`encoding: "base64"`, as HAR's content object does), never cut. What HAR has no field for
// (ids, hi-res time, match key, signature verdict, poll events) rides in `_hookscope` fields, which
// the spec reserves for custom data, so a Hookscope HAR re-imports to the same session.
import type { HeaderPair, PollEvent, PushEvent } from '../../contract/model';
import { decodeBody, encodeBody } from '../body-codec';
import { isoOf } from '../clock';
import { newId } from '../ids';
import { summarizePush } from '../push-summary';

export const HAR_CREATOR = { name: 'Hookscope', version: '0.1.0' };

interface NameValue {
  name: string;
  value: string;
}

export interface HarPostData {
  mimeType: string;
  text: string;
  encoding?: 'base64';
  params?: NameValue[];
  comment?: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: HarPostData;
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  serverIPAddress?: string;
  _hookscope?: PushMeta;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
    comment?: string;
    _hookscope?: { pollEvents: PollEvent[] };
  };
}

/** The push without the parts the HAR request already holds. */
type PushMeta = Omit<PushEvent, 'headers' | 'body' | 'bodyEncoding' | 'method'>;

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Content Too Large', 500: 'Internal Server Error' };

function headerOf(headers: HeaderPair[], name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

export function pushToHarEntry(event: PushEvent): HarEntry {
  const host = headerOf(event.headers, 'host') ?? 'localhost';
  const query = event.query ? `?${event.query}` : '';
  const { headers, body, bodyEncoding, method, ...meta } = event;
  const entry: HarEntry = {
    startedDateTime: event.receivedAt,
    time: 0,
    request: {
      method: method || 'GET',
      url: `http://${host}${event.path || '/'}${query}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headers.map(([name, value]) => ({ name, value })),
      queryString: [...new URLSearchParams(event.query)].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: event.size,
    },
    response: {
      status: event.status,
      statusText: STATUS_TEXT[event.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'text/plain' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _hookscope: meta,
  };
  if (body !== '' || bodyEncoding === 'base64') {
    entry.request.postData = {
      mimeType: event.contentType ?? 'application/octet-stream',
      text: body,
      ...(bodyEncoding === 'base64' && { encoding: 'base64' as const, comment: 'body is base64: the bytes were not valid UTF-8' }),
    };
  }
  return entry;
}

export function toHar(pushes: PushEvent[], polls: PollEvent[] = []): Har {
  return {
    log: {
      version: '1.2',
      creator: HAR_CREATOR,
      entries: pushes.map(pushToHarEntry),
      ...(polls.length > 0 && { _hookscope: { pollEvents: polls } }),
    },
  };
}

export interface ParsedHar {
  pushes: PushEvent[];
  polls: PollEvent[];
  problems: string[];
}

/** Reads a HAR from its JSON text. Entries that cannot become a push are named in `problems`, never dropped silently. */
export function parseHar(text: string): ParsedHar {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not a HAR file: the JSON does not parse (${(error as Error).message})`);
  }
  const log = isObject(json) && isObject(json.log) ? json.log : undefined;
  if (!log || !Array.isArray(log.entries)) throw new Error('not a HAR file: expected {"log": {"entries": [...]}}');
  const problems: string[] = [];
  const pushes: PushEvent[] = [];
  log.entries.forEach((entry: unknown, i: number) => {
    try {
      pushes.push(entryToPush(entry));
    } catch (error) {
      problems.push(`entry ${i + 1}: ${(error as Error).message}`);
    }
  });
  const polls: PollEvent[] = [];
  const custom = isObject(log._hookscope) && Array.isArray(log._hookscope.pollEvents) ? log._hookscope.pollEvents : [];
  custom.forEach((item: unknown, i: number) => {
    if (isObject(item) && item.stream === 'poll' && typeof item.id === 'string' && typeof item.t === 'number' && typeof item.sourceId === 'string' && 'item' in item) {
      polls.push(item as unknown as PollEvent);
    } else problems.push(`poll event ${i + 1}: not a poll event`);
  });
  return { pushes, polls, problems };
}

function entryToPush(entry: unknown): PushEvent {
  if (!isObject(entry) || !isObject(entry.request)) throw new Error('no request');
  const req = entry.request;
  if (typeof req.method !== 'string' || typeof req.url !== 'string') throw new Error('the request has no method or url');
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new Error(`the request url ${JSON.stringify(req.url)} is not a URL`);
  }
  const headers: HeaderPair[] = Array.isArray(req.headers)
    ? req.headers.filter(isObject).map((h) => [String(h.name), String(h.value)])
    : [];
  const bytes = postDataBytes(req.postData);
  const { body, bodyEncoding } = encodeBody(bytes);
  const meta = isObject(entry._hookscope) ? entry._hookscope : undefined;
  if (meta && typeof meta.id === 'string' && typeof meta.t === 'number' && meta.stream === 'push') {
    return { ...(meta as unknown as PushMeta), method: req.method, headers, body, bodyEncoding };
  }
  // A HAR from elsewhere (a browser, another tool): rebuild what the receiver would have recorded.
  const started = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : Number.NaN;
  const t = Number.isFinite(started) ? started : Date.now();
  const contentType = headerOf(headers, 'content-type') ?? (isObject(req.postData) && typeof req.postData.mimeType === 'string' && req.postData.mimeType !== '' ? req.postData.mimeType : undefined);
  const status = isObject(entry.response) && typeof entry.response.status === 'number' ? entry.response.status : 200;
  const event: PushEvent = {
    id: newId('push'),
    stream: 'push',
    receivedAt: isoOf(t),
    t,
    summary: summarizePush({ method: req.method, path: url.pathname, headers, contentType, body: bytes }),
    size: bytes.length,
    method: req.method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    remoteAddress: typeof entry.serverIPAddress === 'string' ? entry.serverIPAddress : '',
    via: 'direct',
    status,
    headers,
    body,
    bodyEncoding,
    signature: { result: 'unchecked', reason: 'imported from a HAR file' },
  };
  if (contentType !== undefined) event.contentType = contentType;
  return event;
}

function postDataBytes(postData: unknown): Buffer {
  if (postData === undefined) return Buffer.alloc(0);
  if (!isObject(postData)) throw new Error('postData is not an object');
  if (typeof postData.text === 'string') {
    const base64 = postData.encoding === 'base64' || postData._encoding === 'base64';
    return base64 ? decodeBody(postData.text, 'base64') : Buffer.from(postData.text, 'utf8');
  }
  if (Array.isArray(postData.params)) {
    const form = new URLSearchParams();
    for (const p of postData.params.filter(isObject)) form.append(String(p.name), typeof p.value === 'string' ? p.value : '');
    return Buffer.from(form.toString(), 'utf8');
  }
  return Buffer.alloc(0);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
