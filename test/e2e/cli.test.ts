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
