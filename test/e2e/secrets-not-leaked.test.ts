// A poll credential given on the command line never shows up in what Hookscope writes: its output
// and error messages, the stored events, or any export format.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startServe, type Served } from './serve-process';

const SECRET = 'sk_live_LEAKCANARY_7f3a9c';
let served: Served | undefined;
let api: http.Server | undefined;

afterEach(async () => {
  await served?.stop();
  served = undefined;
  api?.closeAllConnections();
  await new Promise((r) => (api ? api.close(r) : r(undefined)));
  api = undefined;
});

function filesText(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((p) => (statSync(p).isDirectory() ? filesText(p) : readFileSync(p, 'latin1')))
    .join('\n');
}

describe('secrets', () => {
  it('keeps a poll credential out of output, errors, the data folder and every export', async () => {
    let calls = 0;
    let sawAuth = false;
    api = http.createServer((req, res) => {
      calls += 1;
      sawAuth ||= req.headers.authorization === `Bearer ${SECRET}`;
      // Fail every other poll so the error path (messages, notices, poll records) is exercised too.
      if (calls % 2 === 0) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('upstream exploded');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [{ id: `it_${calls}`, name: 'x' }] }));
    });
    await new Promise<void>((r) => api?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/items`;
    served = await startServe(['--no-demo', '--poll', url, '--poll-every', '500ms', '--poll-header', `Authorization: Bearer ${SECRET}`]);
    await fetch(`${served.receiverUrl}/hook`, { method: 'POST', body: '{"id":"it_1"}', headers: { 'content-type': 'application/json' } });
    const deadline = Date.now() + 15_000;
    while (calls < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBeGreaterThanOrEqual(6);
    expect(sawAuth).toBe(true); // the credential was really in use
    const dataDir = served.dataDir;
    expect(await served.stop()).toBe(0);
    const output = served.output();
    served = undefined;

    expect(output).not.toContain(SECRET);
    expect(filesText(dataDir)).not.toContain(SECRET);
    for (const format of ['ndjson', 'json', 'har']) {
      const out = await runCli(['export', '--data-dir', dataDir, '--format', format]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout.length).toBeGreaterThan(0);
      expect(out.stdout.toString('latin1')).not.toContain(SECRET);
      expect(out.stderr).not.toContain(SECRET);
    }
  });
});
