// "Copy as curl" is checked by running the command in a real shell: a local server must receive the
// captured bytes, and nothing in a captured request (quotes, $VARS, backticks) is ever executed.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '@contract/model';
import { toCurl } from '../../src-main/contract/curl';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function push(over: Partial<PushEvent>): PushEvent {
  return { id: 'p', stream: 'push', receivedAt: '', t: 0, summary: '', size: 0, method: 'POST', path: '/in', query: '', remoteAddress: '', via: 'direct', status: 200, headers: [], body: '', bodyEncoding: 'utf8', ...over };
}

async function receive(command: (url: string) => string): Promise<{ method: string; url: string; headers: IncomingMessage['rawHeaders']; body: Buffer }> {
  let got: { method: string; url: string; headers: string[]; body: Buffer } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got = { method: req.method ?? '', url: req.url ?? '', headers: req.rawHeaders, body: Buffer.concat(chunks) };
      res.end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));
  const child = spawn('sh', ['-c', command(url)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return got!;
}

describe('copy as curl', () => {
  it('resends a text body with quotes, newlines and non-ASCII byte for byte, headers included', async () => {
    const body = `{"msg":"it's a \\"test\\"\\n$HOME \`x\` é 😀"}\n`;
    const ev = push({ method: 'PUT', headers: [['Content-Type', 'application/json'], ['X-Quote', "a'b"], ['Host', 'original'], ['Content-Length', '999']], body });
    const got = await receive((url) => toCurl(ev, `${url}/path?a=1&b=2`));
    expect(got.method).toBe('PUT');
    expect(got.url).toBe('/path?a=1&b=2');
    expect(got.body.toString('utf8')).toBe(body);
    expect(got.headers).toContain("a'b");
    expect(got.headers).not.toContain('999');
  });

  it('pipes a binary body through base64 so every byte arrives', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const ev = push({ body: bytes.toString('base64'), bodyEncoding: 'base64', headers: [['Content-Type', 'application/octet-stream']] });
    const got = await receive((url) => toCurl(ev, url));
    expect(got.body.equals(bytes)).toBe(true);
  });

  it('sends a body-less GET without a body', async () => {
    const got = await receive((url) => toCurl(push({ method: 'GET' }), `${url}/x`));
    expect([got.method, got.body.length]).toEqual(['GET', 0]);
  });

});
