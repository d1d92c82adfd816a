// A self-hosted localtunnel server on this machine (http://localhost:PORT) hands out public URLs
// like http://<name>.localhost:PORT. Such names are loopback by definition (RFC 6761) and browsers
// treat them so, but Node's resolver does not know them and its fetch will not send a chosen Host
// header. Without this, the canary would fail on every such tunnel and re-create it forever.
import http from 'node:http';

export const loopbackAwareFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  if (url.protocol !== 'http:' || !url.hostname.endsWith('.localhost')) return globalThis.fetch(input, init);
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => {
    headers[k] = v;
  });
  const body = init?.body;
  if (body != null && typeof body !== 'string') throw new TypeError('loopbackAwareFetch only sends string bodies');
  const signal = init?.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: Number(url.port || 80),
      path: `${url.pathname}${url.search}`,
      method: init?.method ?? 'GET',
      headers: { ...headers, host: url.host },
      // One connection per request: nothing lingers in a keep-alive pool after the tunnel is gone.
      agent: false,
      signal,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
      res.on('end', () => {
        const out = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const status = res.statusCode ?? 0;
        const noBody = status === 204 || status === 304 || status < 200;
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: out }));
      });
    });
    // Same shape as undici's failures, so callers report it as they would a real fetch error.
    req.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
    req.end(body ?? undefined);
  });
};
