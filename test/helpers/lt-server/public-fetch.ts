// Public tunnel URLs from the test server look like http://<id>.localhost:<port>. Node does not
// resolve *.localhost and its fetch drops a Host header, so these helpers connect to 127.0.0.1
// and put the tunnel's name in the Host header themselves.
import http from 'node:http';

export interface ThroughInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Give up (reject) after this long; default 5 s. The test server never times out on its own. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ThroughResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

export function requestWithHost(port: number, hostHeader: string, path: string, init: ThroughInit = {}): Promise<ThroughResponse> {
  return new Promise<ThroughResponse>((resolve, reject) => {
    const timeoutMs = init.timeoutMs ?? 5000;
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: init.method ?? 'GET',
      headers: { ...init.headers, host: hostHeader },
      // A private connection per request, so nothing is left open in a keep-alive pool.
      agent: false,
      signal: init.signal,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer from ${hostHeader}${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(init.body);
  });
}

/**
 * A fetch that sends `http://<name>.localhost:<port>/…` to 127.0.0.1:<port> with the right Host
 * header and passes every other URL to the global fetch. Hand it to code under test as its fetch.
 */
export const localhostFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  if (!url.hostname.endsWith('.localhost')) return globalThis.fetch(input, init);
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => {
    headers[k] = v;
  });
  const body = typeof init?.body === 'string' ? init.body : undefined;
  if (init?.body != null && body === undefined) throw new TypeError('localhostFetch only sends string bodies');
  let res: ThroughResponse;
  try {
    res = await requestWithHost(Number(url.port || 80), url.host, `${url.pathname}${url.search}`, {
      method: init?.method,
      headers,
      body,
      signal: init?.signal ?? undefined,
      timeoutMs: 60_000,
    });
  } catch (err) {
    // Same shape as undici's failures, so callers see what real fetch would give them.
    throw new TypeError('fetch failed', { cause: err });
  }
  const out = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const nullBody = res.status === 204 || res.status === 304 || res.status < 200;
  return new Response(nullBody ? null : res.body, { status: res.status, headers: out });
};
