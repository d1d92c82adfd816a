// Shared by the renderer (Replay tab) and the tests that run the command; pure, no Node or DOM APIs.
// "Copy as curl": a command that resends the captured request byte for byte. Text bodies go inline
// (shell-quoted); any other body is piped in from base64, because a shell string cannot hold every byte.
import type { PushEvent } from './model';

/** Headers curl must compute itself for the new connection. */
const SKIP = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'expect']);

/** POSIX single-quoting: safe for every character, newlines included. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(ev: Pick<PushEvent, 'method' | 'headers' | 'body' | 'bodyEncoding'>, url: string): string {
  const parts = ['curl', '-sS', '-X', shellQuote(ev.method || 'GET'), shellQuote(url)];
  for (const [name, value] of ev.headers) {
    if (SKIP.has(name.toLowerCase())) continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (ev.body === '') return parts.join(' ');
  if (ev.bodyEncoding === 'base64') {
    return `printf %s ${shellQuote(ev.body)} | base64 -d | ${parts.join(' ')} --data-binary @-`;
  }
  parts.push('--data-binary', shellQuote(ev.body));
  return parts.join(' ');
}

/** Where the captured request went: the receiver plus its path and query. */
export function capturedUrl(receiverUrl: string, ev: Pick<PushEvent, 'path' | 'query'>): string {
  return `${receiverUrl.replace(/\/+$/, '')}${ev.path || '/'}${ev.query ? `?${ev.query}` : ''}`;
}
