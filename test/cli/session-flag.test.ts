// `--session` with no name in it is a mistake in the command line: a one-line error and exit code 2
// on every command that takes it, before anything is started or written.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main';

afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }));
  const code = await main(['node', 'hookscope', ...args]);
  vi.restoreAllMocks();
  return { code, stderr };
}

describe('--session with an empty value', () => {
  it.each([
    ['serve', ['--no-demo', '--receiver-port', '0', '--ui-port', '0']],
    ['import', ['missing.har']],
    ['export', []],
    ['report', []],
  ])('%s refuses it with exit code 2 and touches nothing', async (command, rest) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-session-flag-'));
    const { code, stderr } = await run([command, '--data-dir', dataDir, '--session', '  ', ...rest]);
    expect(code).toBe(2);
    expect(stderr).toContain("option '--session <name|id>' argument '  ' is invalid. give a session name or id");
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
