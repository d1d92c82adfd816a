// Handshake answers a real server can give, checked one by one with a scripted fetch.
import { describe, expect, it } from 'vitest';
import { handshakeUrl, requestTunnel } from '../../../src-main/core/tunnel/handshake';

function answering(body: string, status = 200): typeof fetch {
  return () => Promise.resolve(new Response(body, { status }));
}

const base = { host: 'http://127.0.0.1:9', timeoutMs: 1000 };

describe('requestTunnel', () => {
  it('asks for a new name or the requested one', () => {
    expect(handshakeUrl('https://localtunnel.me/', undefined)).toBe('https://localtunnel.me/?new');
    expect(handshakeUrl('https://localtunnel.me', 'my-hooks')).toBe('https://localtunnel.me/my-hooks');
  });

  it('returns the grant, with one socket when the server names no count', async () => {
    const grant = await requestTunnel({ ...base, fetch: answering('{"id":"abcd","url":"https://abcd.loca.lt/","port":4242}') });
    expect(grant).toEqual({ id: 'abcd', url: 'https://abcd.loca.lt', port: 4242, maxConn: 1, ip: undefined });
  });

  it('passes the server ip and socket count through', async () => {
    const grant = await requestTunnel({ ...base, fetch: answering('{"id":"abcd","url":"https://abcd.loca.lt","port":1,"max_conn_count":10,"ip":"10.0.0.1"}') });
    expect(grant).toMatchObject({ maxConn: 10, ip: '10.0.0.1' });
  });

  it.each([
    ['{"id":"abcd","url":"https://abcd.loca.lt"}', /invalid handshake answer: port: /],
    ['{"id":"abcd","url":"nope","port":1}', /invalid handshake answer: url: not a URL/],
    ['{"id":"abcd","url":"https://x.y","port":70000}', /invalid handshake answer: port: /],
    ['[1,2]', /invalid handshake answer: body: /],
    ['<html>gateway</html>', /invalid handshake answer \(not JSON\): <html>gateway<\/html>/],
  ])('refuses a bad answer %s', async (body, reason) => {
    await expect(requestTunnel({ ...base, fetch: answering(body) })).rejects.toThrow(reason);
  });

  it.each([
    ['{"message":"Invalid subdomain."}', 403, 'tunnel server refused the handshake: HTTP 403 Invalid subdomain.'],
    ['Service Unavailable', 503, 'tunnel server failed the handshake: HTTP 503 Service Unavailable'],
    ['<html>bad gateway</html>', 502, 'tunnel server failed the handshake: HTTP 502'],
  ])('reports %s (HTTP %i) in words', async (body, status, reason) => {
    await expect(requestTunnel({ ...base, fetch: answering(body, status) })).rejects.toThrow(reason);
  });

  it('names the network failure', async () => {
    const failing: typeof fetch = () =>
      Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND localtunnel.me'), { code: 'ENOTFOUND' }) }));
    await expect(requestTunnel({ ...base, host: 'https://localtunnel.me', fetch: failing })).rejects.toThrow(
      'cannot reach tunnel server https://localtunnel.me: getaddrinfo ENOTFOUND localtunnel.me',
    );
  });

  it('times out a body that never ends', async () => {
    const stalling: typeof fetch = (_input, init) =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"id":'));
              init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
            },
          }),
        ),
      );
    await expect(requestTunnel({ ...base, timeoutMs: 50, fetch: stalling })).rejects.toThrow('handshake timed out after 0.1 s');
  });

  it('ends at once when its caller aborts', async () => {
    const ac = new AbortController();
    const pending = requestTunnel({ ...base, timeoutMs: 60_000, signal: ac.signal, fetch: () => new Promise<Response>(() => undefined) });
    ac.abort();
    await expect(pending).rejects.toThrow('handshake cancelled');
  });
});
