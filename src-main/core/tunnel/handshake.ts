// The handshake is done here rather than by the library: its own loop retries every second forever,
// never rejects, and cannot be stopped by close(). A timed-out attempt left running would keep
// knocking on the server and, once the server is back, grab the requested subdomain from under the
// next attempt. With fetch the attempt is one request that a timeout or stop() really ends.
import { z } from 'zod';
import { formatSeconds } from './backoff';

export interface TunnelGrant {
  id: string;
  url: string;
  /** TCP port on the tunnel server that takes the client's data connections. */
  port: number;
  maxConn: number;
  /** Address for the data connections when the server names one (else the host's name). */
  ip?: string;
}

export interface HandshakeRequest {
  host: string;
  subdomain?: string;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Aborted by the caller when the attempt is abandoned (stop). */
  signal?: AbortSignal;
}

export class HandshakeError extends Error {
  override name = 'HandshakeError';
}

const grantSchema = z.object({
  id: z.string().min(1),
  url: z.string().refine((u) => URL.canParse(u), 'not a URL'),
  port: z.number().int().min(1).max(65535),
  max_conn_count: z.number().int().min(1).max(1000).optional(),
  ip: z.string().min(1).optional(),
});

export function handshakeUrl(host: string, subdomain: string | undefined): string {
  return `${host.replace(/\/+$/, '')}/${subdomain ?? '?new'}`;
}

export async function requestTunnel(req: HandshakeRequest): Promise<TunnelGrant> {
  const ac = new AbortController();
  const onOuterAbort = (): void => ac.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  // The race guards against a fetch that ignores its signal: the attempt still ends on time.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new HandshakeError(`handshake timed out after ${formatSeconds(req.timeoutMs)}`);
      ac.abort(err);
      reject(err);
    }, req.timeoutMs);
  });
  const aborted = new Promise<never>((_, reject) => {
    if (req.signal?.aborted) reject(new HandshakeError('handshake cancelled'));
    req.signal?.addEventListener('abort', () => reject(new HandshakeError('handshake cancelled')), { once: true });
  });
  try {
    return await Promise.race([exchange(req, ac.signal), timeout, aborted]);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onOuterAbort);
    // Whatever is still in flight (a slow body) is cut off rather than left to finish on its own.
    ac.abort(new HandshakeError('handshake finished'));
  }
}

async function exchange(req: HandshakeRequest, signal: AbortSignal): Promise<TunnelGrant> {
  let res: Response;
  let text: string;
  try {
    res = await req.fetch(handshakeUrl(req.host, req.subdomain), {
      signal,
      headers: { accept: 'application/json' },
    });
    text = await res.text();
  } catch (err) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new HandshakeError('handshake cancelled');
    throw new HandshakeError(`cannot reach tunnel server ${req.host}: ${networkDetail(err)}`);
  }
  if (res.status !== 200) {
    const detail = messageOf(text) ?? res.statusText;
    const verb = res.status >= 500 ? 'failed' : 'refused';
    throw new HandshakeError(`tunnel server ${verb} the handshake: HTTP ${res.status}${detail ? ` ${detail}` : ''}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HandshakeError(`tunnel server sent an invalid handshake answer (not JSON): ${clip(text, 80)}`);
  }
  const parsed = grantSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new HandshakeError(`tunnel server sent an invalid handshake answer: ${issues}`);
  }
  const g = parsed.data;
  return { id: g.id, url: g.url.replace(/\/+$/, ''), port: g.port, maxConn: g.max_conn_count ?? 1, ip: g.ip };
}

function messageOf(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
      return clip(body.message, 200);
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const trimmed = text.trim();
  return trimmed && !trimmed.startsWith('<') ? clip(trimmed, 200) : undefined;
}

export function networkDetail(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${code} (${cause.message})` : cause.message;
  }
  return String(cause);
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
}
