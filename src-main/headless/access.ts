// Who may talk to the headless UI server: a caller holding the per-launch token, addressing the
// server by its loopback name (DNS-rebinding guard) and, for WebSockets, from the app's own origin.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'hookscope_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time equality; hashing first makes inputs of different lengths comparable too. */
export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && allowedHosts(port).includes(host.toLowerCase());
}

/** An absent Origin is allowed (non-browser clients); a present one must be the app's own. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

export type TokenSource = 'query' | 'cookie';

/** Which credential the request carries a valid token in, or null. */
export function tokenSource(req: IncomingMessage, url: URL, token: string): TokenSource | null {
  if (tokenMatches(url.searchParams.get('token'), token)) return 'query';
  if (tokenMatches(cookieValue(req.headers.cookie, TOKEN_COOKIE), token)) return 'cookie';
  return null;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
