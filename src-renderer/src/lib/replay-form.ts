// The replay editor's text fields to and from what the replayPush command takes.
import type { ReplayRequest } from '@contract/api';
import type { HeaderPair, PushEvent } from '@contract/model';

export interface ReplayDraft {
  url: string;
  method: string;
  /** One `Name: value` a line. */
  headers: string;
  /** Only for text bodies; binary bodies are sent as captured. */
  body: string;
}

export function draftOf(ev: PushEvent, url: string): ReplayDraft {
  return {
    url,
    method: ev.method,
    headers: ev.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
    body: ev.bodyEncoding === 'utf8' ? ev.body : '',
  };
}

export function parseHeaderLines(text: string): HeaderPair[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`header line ${i + 1} is not "Name: value"`);
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as HeaderPair;
    });
}

/** Throws with a message for the form when a field is not usable. */
export function requestOf(ev: PushEvent, draft: ReplayDraft): ReplayRequest {
  const url = draft.url.trim();
  if (!/^https?:\/\/\S+$/i.test(url)) throw new Error('the target must be an http:// or https:// URL');
  const method = draft.method.trim().toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new Error('the method is letters only, e.g. POST');
  const request: ReplayRequest = { url, method, headers: parseHeaderLines(draft.headers) };
  // A binary body cannot be edited as text: it goes as captured.
  if (ev.bodyEncoding === 'utf8') {
    request.body = draft.body;
    request.bodyEncoding = 'utf8';
  }
  return request;
}
