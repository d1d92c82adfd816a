// What `hookscope serve` says at start beyond the addresses: a damaged settings file it moved aside
// (the app shows a banner; the terminal gets one line), and a --config that is a folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main';
import { startupWarnings } from '../../src-main/cli/serve';
import { capture } from '../helpers/run-cli';

afterEach(() => vi.restoreAllMocks());


/** Runs `serve` in-process until it has printed its block, then stops it as Ctrl-C would. */
async function serveOnce(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const signals = new Map<string, () => void>();
  const on = process.on.bind(process);
  vi.spyOn(process, 'on').mockImplementation(((event: string, listener: () => void) => {
    if (event === 'SIGINT' || event === 'SIGTERM') signals.set(event, listener);
    else on(event, listener);
    return process;
  }) as typeof process.on);
  let exited: (code: number | undefined) => void = () => undefined;
  const exit = new Promise<number | undefined>((resolve) => (exited = resolve));
  vi.spyOn(process, 'exit').mockImplementation(((code?: number) => exited(code)) as typeof process.exit);
  const stdout = capture(process.stdout);
  const stderr = capture(process.stderr);
  const rendererDir = mkdtempSync(join(tmpdir(), 'hookscope-renderer-'));
  vi.stubEnv('HOOKSCOPE_RENDERER_DIR', rendererDir);
  const code = await main(['node', 'hookscope', 'serve', '--ui-port', '0', '--receiver-port', '0', '--no-demo', ...args]);
  if (code === 0) {
    signals.get('SIGINT')?.();
    expect(await exit).toBe(0);
  }
  const result = { code, stdout: stdout(), stderr: stderr() };
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  return result;
}

describe('hookscope serve start-up notices', () => {
  it('prints one line when the settings file could not be parsed and was moved aside', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-serve-notice-'));
    writeFileSync(join(dataDir, 'hookscope.json'), '{ "settings": nope,\n  "sources": [] }\n');
    const result = await serveOnce(['--data-dir', dataDir]);
    expect(result.code).toBe(0);
    const aside = readdirSync(dataDir).find((f) => f.startsWith('hookscope.json.corrupt-'));
    expect(aside).toBeDefined();
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Hookscope is running.');
    const warnings = lines.filter((l) => l.startsWith('  Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(dataDir, 'hookscope.json'));
    expect(warnings[0]).toContain('is not valid JSON');
    expect(warnings[0]).toContain(`It was kept as ${join(dataDir, aside ?? '')}; Hookscope started with default settings.`);
    // Printed in the start-up block, before anything that happens later.
    expect(lines.indexOf(warnings[0])).toBeLessThan(lines.findIndex((l) => l.startsWith('Stopping')));
  });

  it('prints no warning line when the settings file is fine', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-serve-notice-'));
    const first = await serveOnce(['--data-dir', dataDir]);
    expect(first.code).toBe(0);
    expect(existsSync(join(dataDir, 'hookscope.json'))).toBe(true);
    const again = await serveOnce(['--data-dir', dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Hookscope is running\.\n/);
    expect(again.stdout).not.toMatch(/Warning:|Error:/);
  });

  it('keeps each notice on one line and leaves info notices out', () => {
    expect(startupWarnings([
      { level: 'warn', message: 'file: is not valid JSON (Unexpected token, "{\n  x\n}" is not valid JSON). It was kept as f.corrupt', t: 1 },
      { level: 'info', message: 'nothing to see', t: 2 },
      { level: 'error', message: 'store: disk full', t: 3 },
    ])).toEqual([
      '  Warning:   file: is not valid JSON (Unexpected token, "{ x }" is not valid JSON). It was kept as f.corrupt',
      '  Error:     store: disk full',
    ]);
  });
});

describe('hookscope serve --config <folder>', () => {
  it('says the path is a directory, in the style of the other --config errors, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookscope-serve-config-dir-'));
    const folder = join(dir, 'config.json');
    mkdirSync(folder);
    const result = await serveOnce(['--data-dir', join(dir, 'data'), '--config', folder]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`hookscope: --config ${folder}: is a directory, not a JSON file\n`);
  });
});
