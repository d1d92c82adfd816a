// Who may use the public URL. Anyone on the internet can guess a localtunnel name, so a user can
// require a secret first path segment or HTTP basic auth on tunnel traffic; strangers are answered
// 404 / 401 and recorded as rejected requests, never as webhooks.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HeaderPair, TunnelAccess } from '../../contract/model';

export type AccessVerdict =
  | { ok: true; /** The path the sender meant, with the secret segment removed. */ path: string }
  | { ok: false; status: 401 | 404; reason: string; headers?: Record<string, string> };

export const SECRET_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export function checkTunnelAccess(access: TunnelAccess | undefined, path: string, headers: HeaderPair[]): AccessVerdict {
  if (!access || access.mode === 'open') return { ok: true, path };
  if (access.mode === 'path') {
    // A hand-edited settings file may hold a broken rule: it then shuts everyone out rather than letting
    // everyone in.
    if (typeof access.secret !== 'string' || !SECRET_PATTERN.test(access.secret)) {
      return { ok: false, status: 404, reason: 'refused: the secret path rule in the settings is invalid' };
    }
    const prefix = `/${access.secret}`;
    const head = path.slice(0, prefix.length);
    const rest = path.slice(prefix.length);
    if (sameSecret(head, prefix) && (rest === '' || rest.startsWith('/'))) return { ok: true, path: rest || '/' };
    return { ok: false, status: 404, reason: 'stranger on the public URL: the secret path prefix is missing or wrong' };
  }
  if (access.mode !== 'basic' || typeof access.user !== 'string' || typeof access.password !== 'string') {
    return { ok: false, status: 401, reason: 'refused: the access rule in the settings is invalid' };
  }
  const given = headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const expected = `Basic ${Buffer.from(`${access.user}:${access.password}`).toString('base64')}`;
  if (given !== undefined && sameSecret(given.trim(), expected)) return { ok: true, path };
  return {
    ok: false,
    status: 401,
    reason: given === undefined ? 'stranger on the public URL: no basic auth credentials' : 'stranger on the public URL: wrong basic auth credentials',
    headers: { 'www-authenticate': 'Basic realm="hookscope", charset="UTF-8"' },
  };
}

/** The public URL a sender must use, secret segment included. */
export function publicHookUrl(baseUrl: string, access: TunnelAccess | undefined): string {
  const base = baseUrl.replace(/\/+$/, '');
  return access?.mode === 'path' ? `${base}/${access.secret}` : base;
}

/** Headers a sender must add (basic auth), for the test webhook and the UI's sender hints. */
export function accessHeaders(access: TunnelAccess | undefined): Record<string, string> {
  if (access?.mode !== 'basic') return {};
  return { authorization: `Basic ${Buffer.from(`${access.user}:${access.password}`).toString('base64')}` };
}

// Hashing first gives equal lengths, so the comparison time says nothing about the secret.
function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
