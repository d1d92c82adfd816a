import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startUiServer, type UiServer } from '../../src-main/headless/ui-server';
import { createFakeHost } from './fake-host';
import { rawGet } from './http-helpers';

let base: string;
let rendererDir: string;
let server: UiServer | undefined;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'hookscope-ui-'));
  rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Hookscope</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'x');
  writeFileSync(join(base, 'secret.txt'), 'top secret');
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(base, { recursive: true, force: true });
});

async function start(token?: string): Promise<UiServer> {
  server = await startUiServer({ host: createFakeHost(), port: 0, rendererDir, token });
  return server;
}

describe('startUiServer', () => {
  it('listens on loopback and prints a URL carrying a fresh random token', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=${s.token}`);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const other = await startUiServer({ host: createFakeHost(), port: 0, rendererDir });
    try {
      expect(other.token).not.toBe(s.token);
    } finally {
      await other.close();
    }
  });

  it('refuses a request without a token with 401 and a one-line reason', async () => {
    const s = await start();
    const res = await rawGet(s.port, '/');
    expect(res.status).toBe(401);
    expect(res.body.trim().split('\n')).toHaveLength(1);
    expect(res.body).toMatch(/token/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a wrong token, in the query or the cookie, with 401', async () => {
    const s = await start();
    expect((await rawGet(s.port, '/?token=nope')).status).toBe(401);
    expect((await rawGet(s.port, `/?token=${s.token}x`)).status).toBe(401);
    expect((await rawGet(s.port, '/assets/index-abc.js', { cookie: 'hookscope_token=wrong' })).status).toBe(401);
  });

  it('sets an HttpOnly SameSite=Strict cookie on /?token= and accepts it afterwards', async () => {
    const s = await start();
    const first = await rawGet(s.port, `/?token=${s.token}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<title>Hookscope</title>');
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toBe(`hookscope_token=${s.token}; HttpOnly; SameSite=Strict; Path=/`);
    const next = await rawGet(s.port, '/assets/index-abc.js', { cookie: `other=1; ${cookie.split(';')[0]}` });
    expect(next.status).toBe(200);
    expect(next.body).toBe('console.log(1)');
  });

  it('refuses a foreign Host header with 403 even with the right token (DNS rebinding)', async () => {
    const s = await start();
    const evil = await rawGet(s.port, `/?token=${s.token}`, { host: `evil.example:${s.port}` });
    expect(evil.status).toBe(403);
    const wrongPort = await rawGet(s.port, `/?token=${s.token}`, { host: `127.0.0.1:${s.port + 1}` });
    expect(wrongPort.status).toBe(403);
    const localhost = await rawGet(s.port, `/?token=${s.token}`, { host: `localhost:${s.port}` });
    expect(localhost.status).toBe(200);
  });

  it('serves files with their MIME types and index.html for /', async () => {
    const s = await start();
    const q = `?token=${s.token}`;
    const cases: Array<[string, string]> = [
      ['/', 'text/html; charset=utf-8'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['/assets/logo.svg', 'image/svg+xml'],
      ['/assets/font.woff2', 'font/woff2'],
    ];
    for (const [path, type] of cases) {
      const res = await rawGet(s.port, path + q);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe(type);
    }
    const missing = await rawGet(s.port, `/assets/nope.js${q}`);
    expect(missing.status).toBe(404);
    const head = await rawGet(s.port, `/assets/index-abc.js${q}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('14');
    expect((await rawGet(s.port, `/${q}`, {}, 'POST')).status).toBe(405);
  });

  it('sends the security headers with the page', async () => {
    const s = await start();
    const res = await rawGet(s.port, `/?token=${s.token}`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${s.port} ws://localhost:${s.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses path traversal in every spelling', async () => {
    const s = await start();
    const q = `?token=${s.token}`;
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A']) {
      const res = await rawGet(s.port, path + q);
      expect([403, 404], path).toContain(res.status);
      expect(res.body, path).not.toContain('top secret');
    }
    // The URL parser already folds /%2e%2e/ away; an encoded slash survives it and must be caught by us.
    expect((await rawGet(s.port, `/assets/..%2f..%2fsecret.txt${q}`)).status).toBe(403);
    // A directory is not a file.
    expect((await rawGet(s.port, `/assets${q}`)).status).toBe(404);
  });

  it('explains a missing renderer build with a 500 page', async () => {
    rmSync(rendererDir, { recursive: true, force: true });
    const s = await start();
    const res = await rawGet(s.port, `/?token=${s.token}`);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('npm run build');
  });

  it('uses a given token and reports a busy port clearly', async () => {
    const s = await start('fixed-token-for-test');
    expect(s.token).toBe('fixed-token-for-test');
    expect((await rawGet(s.port, '/?token=fixed-token-for-test')).status).toBe(200);
    const host = createFakeHost();
    await expect(startUiServer({ host, port: s.port, rendererDir })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: expect.stringMatching(/already in use/),
    });
    expect(host.listenerCount()).toBe(0);
  });

  it('unsubscribes from the host and stops listening on close', async () => {
    const host = createFakeHost();
    const s = await startUiServer({ host, port: 0, rendererDir });
    expect(host.listenerCount()).toBe(1);
    await s.close();
    await s.close();
    expect(host.listenerCount()).toBe(0);
    await expect(rawGet(s.port, `/?token=${s.token}`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
