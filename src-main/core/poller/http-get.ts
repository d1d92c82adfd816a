// One bounded GET: a timeout covering headers and body, a size cap enforced while streaming, and
// every failure turned into words a user can act on instead of an exception.
import { STATUS_CODES } from 'node:http';

export interface HttpGetOptions {
  url: string;
  headers: Headers;
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  /** The caller's own abort (stop, settings changed); its reason is passed back untouched. */
  signal: AbortSignal;
}

export interface HttpGetResult {
  /** null when no response came. */
  status: number | null;
  statusText: string;
  headers?: Headers;
  /** The whole body; undefined on error or when there is none (304). */
  body?: Buffer;
  /** Body bytes actually received, also when reading stopped early. */
  bytes: number;
  error?: string;
  /** Set when the caller's signal ended the request; holds its abort reason. */
  aborted?: unknown;
}

class TimeoutMarker extends Error {}

export async function httpGet(opts: HttpGetOptions): Promise<HttpGetResult> {
  const controller = new AbortController();
  const timeout = new TimeoutMarker(`timed out after ${formatDuration(opts.timeoutMs)}`);
  const timer = setTimeout(() => controller.abort(timeout), opts.timeoutMs);
  const onAbort = (): void => controller.abort(opts.signal.reason);
  if (opts.signal.aborted) onAbort();
  else opts.signal.addEventListener('abort', onAbort, { once: true });

  let status: number | null = null;
  let statusText = '';
  let headers: Headers | undefined;
  let bytes = 0;
  const fail = (error: string): HttpGetResult => ({ status, statusText, headers, bytes, error });
  try {
    const response = await opts.fetch(opts.url, { method: 'GET', headers: opts.headers, signal: controller.signal, redirect: 'follow' });
    status = response.status;
    statusText = response.statusText || STATUS_CODES[response.status] || '';
    headers = response.headers;
    if (!response.body) return { status, statusText, headers, bytes };

    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return fail(`response too large: ${formatBytes(declared)} declared, the limit is ${formatBytes(opts.maxBytes)} (not read)`);
    }

    const chunks: Uint8Array[] = [];
    // The DOM lib is absent on the node side, so fetch's body stream is typed loosely.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > opts.maxBytes) {
        await reader.cancel().catch(() => undefined);
        return fail(`response too large: over the limit of ${formatBytes(opts.maxBytes)} (stopped reading)`);
      }
      chunks.push(value);
    }
    return { status, statusText, headers, bytes, body: Buffer.concat(chunks) };
  } catch (err) {
    if (controller.signal.aborted) {
      if (controller.signal.reason === timeout) return fail(timeout.message);
      return { status, statusText, headers, bytes, aborted: controller.signal.reason };
    }
    return fail(describeNetworkError(err));
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
  }
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND, "other side closed") in `cause`. */
export function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  const code = codeOf(cause) ?? codeOf(err);
  let message = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof AggregateError && message === '') {
    message = cause.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  }
  if (message === '' && err instanceof Error) message = err.message;
  if (code && !message.includes(code)) message = message ? `${message} (${code})` : code;
  return `network error: ${message || 'request failed'}`;
}

function codeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || !('code' in value)) return undefined;
  const code = value.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

export function formatDuration(ms: number): string {
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms} ms`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
