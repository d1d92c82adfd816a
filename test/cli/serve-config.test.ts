import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main';

afterEach(() => vi.restoreAllMocks());

function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  return main(['node', 'hookscope', ...args]).then((code) => ({ code, stderr }));
}

describe('hookscope serve --config', () => {
  it('stops with one line naming the file and the bad entry, before starting anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookscope-serve-config-'));
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify({ sources: [{ url: 'http://127.0.0.1:1/x', auth: { kind: 'bearer', secretEnv: 'HOOKSCOPE_TEST_UNSET_TOKEN' } }] }));
    const result = await run(['serve', '--data-dir', join(dir, 'data'), '--ui-port', '0', '--receiver-port', '0', '--no-demo', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`hookscope: --config ${file}: sources[0]: auth: the environment variable HOOKSCOPE_TEST_UNSET_TOKEN is not set\n`);
  });

  it('accepts --poll-updated-path as a flag', async () => {
    const result = await run(['serve', '--poll-updated-path']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--poll-updated-path <path>' argument missing/);
  });
});
