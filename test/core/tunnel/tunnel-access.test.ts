import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { accessHeaders, checkTunnelAccess, publicHookUrl } from '../../../src-main/core/tunnel/tunnel-access';
import { loopbackAwareFetch } from '../../../src-main/core/tunnel/loopback-fetch';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('checkTunnelAccess', () => {
  it('lets everything through when open or unset', () => {
    expect(checkTunnelAccess(undefined, '/a', [])).toEqual({ ok: true, path: '/a' });
    expect(checkTunnelAccess({ mode: 'open' }, '/a', [])).toEqual({ ok: true, path: '/a' });
  });

  it('needs the secret as a whole first segment and strips it', () => {
    const access = { mode: 'path', secret: 'abcdefgh' } as const;
    expect(checkTunnelAccess(access, '/abcdefgh/hook', [])).toEqual({ ok: true, path: '/hook' });
    expect(checkTunnelAccess(access, '/abcdefgh', [])).toEqual({ ok: true, path: '/' });
    for (const path of ['/abcdefghX/hook', '/abcdefg/hook', '/hook/abcdefgh', '/', '']) {
      expect(checkTunnelAccess(access, path, [])).toMatchObject({ ok: false, status: 404 });
    }
  });

  it('checks basic auth, header name in any case', () => {
    const access = { mode: 'basic', user: 'u', password: 'p4ssword' } as const;
    const good = accessHeaders(access).authorization;
    expect(checkTunnelAccess(access, '/x', [['Authorization', good]])).toEqual({ ok: true, path: '/x' });
    expect(checkTunnelAccess(access, '/x', [['authorization', `Basic ${btoa('u:wrong')}`]])).toMatchObject({ ok: false, status: 401 });
    expect(checkTunnelAccess(access, '/x', [])).toMatchObject({ ok: false, status: 401, headers: { 'www-authenticate': expect.stringMatching(/^Basic/) as unknown } });
  });

  it('fails closed on a malformed stored rule', () => {
    const broken = { mode: 'path' } as unknown as Parameters<typeof checkTunnelAccess>[0];
    expect(checkTunnelAccess(broken, '/undefined/x', [])).toMatchObject({ ok: false, status: 404, reason: expect.stringMatching(/invalid/) as unknown });
    const odd = { mode: 'token' } as unknown as Parameters<typeof checkTunnelAccess>[0];
    expect(checkTunnelAccess(odd, '/x', [])).toMatchObject({ ok: false, status: 401 });
  });

  it('builds the sender URL', () => {
    expect(publicHookUrl('https://a.loca.lt/', { mode: 'path', secret: 'abcdefgh' })).toBe('https://a.loca.lt/abcdefgh');
    expect(publicHookUrl('https://a.loca.lt', { mode: 'basic', user: 'u', password: 'p4ssword' })).toBe('https://a.loca.lt');
  });
});

describe('loopbackAwareFetch', () => {
  it('sends *.localhost to 127.0.0.1 with the name in the Host header', async () => {
    const seen: string[] = [];
    const srv = createServer((req, res) => {
      seen.push(`${req.method} ${req.headers.host} ${req.url}`);
      req.resume();
      req.on('end', () => res.writeHead(201, { 'x-a': '1' }).end('done'));
    });
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as AddressInfo).port;
    const res = await loopbackAwareFetch(`http://name.localhost:${port}/p?q=1`, { method: 'POST', body: '{}' });
    expect([res.status, res.headers.get('x-a'), await res.text()]).toEqual([201, '1', 'done']);
    expect(seen).toEqual([`POST name.localhost:${port} /p?q=1`]);
  });

  it('fails like fetch when nothing listens', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    await expect(loopbackAwareFetch(`http://name.localhost:${port}/`)).rejects.toThrow('fetch failed');
  });
});
