import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './serve-process';

describe('hookscope CLI', () => {
  it('prints help for each command and exits 0', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['export', '--help']]) {
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      expect(stdout.toString()).toMatch(/Usage: hookscope/);
    }
  });

  it('answers a bad flag with one line and exit code 2', async () => {
    for (const args of [['serve', '--bogus'], ['serve', '--ui-port', 'abc'], ['serve', '--poll-every', 'soon'], ['export', '--format', 'xml'], ['frobnicate']]) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(/error/);
    }
  });

  it('exports nothing from an empty data folder, in both formats', async () => {
    const dir = tempDir();
    const nd = await runCli(['export', '--data-dir', dir]);
    expect(nd.code).toBe(0);
    expect(nd.stdout.toString()).toBe('');
    const json = await runCli(['export', '--data-dir', dir, '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout.toString())).toEqual([]);
  });
});

describe('hookscope CLI writing into a closed pipe', () => {
  it('stops quietly with exit 0 when the reader goes away (export | head)', async () => {
    const { spawn } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { BIN, ROOT } = await import('./serve-process');
    const dir = tempDir();
    // A browser-style HAR big enough that the export outgrows the pipe's buffer.
    const entries = Array.from({ length: 600 }, (_, i) => ({
      startedDateTime: new Date(1_700_000_000_000 + i).toISOString(),
      time: 1,
      request: {
        method: 'POST', url: `http://127.0.0.1/hook/${i}`, httpVersion: 'HTTP/1.1', cookies: [], queryString: [], headersSize: -1, bodySize: 1000,
        headers: [{ name: 'content-type', value: 'application/json' }],
        postData: { mimeType: 'application/json', text: JSON.stringify({ id: `evt_${i}`, pad: 'x'.repeat(1000) }) },
      },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    }));
    const har = join(dir, 'big.har');
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }));
    expect((await runCli(['import', '--data-dir', dir, har])).code).toBe(0);
    for (const command of [['export'], ['report', '--format', 'html']]) {
      const child = spawn(process.execPath, [BIN, ...command, '--data-dir', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr, command.join(' ')).toBe('');
      expect(code, command.join(' ')).toBe(0);
    }
  });
});
