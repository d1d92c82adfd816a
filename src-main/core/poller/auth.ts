// Applies a source's auth to one request. The secret comes from the secret store at request time,
// so it is never part of a config, a record, an export or a log line.
import type { PollAuth } from '../../contract/model';

export const MASK = '***';

export interface AuthedRequest {
  url: string;
  /** The same URL with the key masked, for anything shown or recorded. */
  shownUrl: string;
}

/** Sets the auth header on `headers` (unless the user set one) and returns the URL to ask; or an error text. */
export function applyAuth(url: string, headers: Headers, auth: PollAuth | undefined, secret: string | undefined): AuthedRequest | string {
  if (!auth || auth.kind === 'none') return { url, shownUrl: url };
  if (secret === undefined || secret === '') return `auth: no ${auth.kind === 'basic' ? 'password' : 'secret'} stored for this source — enter it in the source editor`;
  switch (auth.kind) {
    case 'bearer':
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${secret}`);
      return { url, shownUrl: url };
    case 'basic':
      if (!headers.has('authorization')) headers.set('authorization', `Basic ${Buffer.from(`${auth.username}:${secret}`, 'utf8').toString('base64')}`);
      return { url, shownUrl: url };
    case 'apiKeyHeader':
      try {
        headers.set(auth.name, secret);
      } catch {
        return `auth: "${auth.name}" is not a valid header name`;
      }
      return { url, shownUrl: url };
    case 'apiKeyQuery': {
      const real = new URL(url);
      real.searchParams.set(auth.name, secret);
      const shown = new URL(url);
      shown.searchParams.set(auth.name, MASK);
      return { url: real.toString(), shownUrl: shown.toString() };
    }
  }
}

/** Replaces every occurrence of the secret in a text (an error message that echoed a URL). */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 3) return text;
  return text.split(secret).join(MASK).split(encodeURIComponent(secret)).join(MASK);
}
