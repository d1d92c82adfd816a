import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const START = resolve(__dirname, '../../scripts/start.js');
const PROJECT = resolve(__dirname, '../..');
const FALLBACK = /^Electron could not start here \((.+)\); opening Hookscope in your browser instead\.$/m;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookscope-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(extraEnv: Record<string, string | undefined>): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, DISPLAY: ':99', WAYLAND_DISPLAY: undefined, ELECTRON_OVERRIDE_DIST_PATH: undefined, ...extraEnv };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((done) => {
    execFile(process.execPath, [START], { env: env, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  chmodSync(path, 0o755);
  return path;
}

function fallbackLines(out: string): string[] {
  return out.split('\n').filter((l) => l.startsWith('Electron could not start here'));
}

describe('scripts/start.js', () => {
  it('prints the one-line fallback when the Electron binary is unavailable', async () => {
    const res = await run({ HOOKSCOPE_ELECTRON_PATH: join(dir, 'no-electron'), HOOKSCOPE_START_DRY_RUN: '1' });
    expect(res.code).toBe(0);
    expect(fallbackLines(res.stdout)).toHaveLength(1);
    expect(res.stdout.match(FALLBACK)?.[1]).toBe(`no Electron binary at ${join(dir, 'no-electron')}`);
    expect(res.stdout).toContain('[dry run] would run: node bin/hookscope.js serve --open');
  });

  it('falls back when Electron dies at start, quoting its error', async () => {
    const electron = script('electron', '#!/bin/sh\necho "electron: error while loading shared libraries: libgtk-3.so.0" >&2\nexit 127\n');
    const res = await run({ HOOKSCOPE_ELECTRON_PATH: electron, HOOKSCOPE_START_DRY_RUN: '1' });
    expect(res.code).toBe(0);
    expect(res.stdout.match(FALLBACK)?.[1]).toBe('electron: error while loading shared libraries: libgtk-3.so.0');
  });

  it('falls back without a display on Linux', async () => {
    const electron = script('electron', '#!/bin/sh\nexit 0\n');
    const res = await run({ HOOKSCOPE_ELECTRON_PATH: electron, HOOKSCOPE_START_DRY_RUN: '1', DISPLAY: undefined });
    if (process.platform === 'linux') {
      expect(res.stdout.match(FALLBACK)?.[1]).toMatch(/no graphical display/);
    } else {
      expect(fallbackLines(res.stdout)).toEqual([]);
    }
  });

  it('launches Electron with the project folder and passes its exit code on, without falling back', async () => {
    const electron = script('electron', `#!/bin/sh\necho "started with $1"\nexit 0\n`);
    const res = await run({ HOOKSCOPE_ELECTRON_PATH: electron, HOOKSCOPE_START_DRY_RUN: '1' });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`started with ${PROJECT}`);
    expect(fallbackLines(res.stdout)).toEqual([]);
  });

  it('bounds the first-run download instead of hanging', async () => {
    const pkg = join(dir, 'electron-pkg');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'install.js'), 'setInterval(() => {}, 1000);\n');
    const res = await run({ HOOKSCOPE_ELECTRON_PKG_DIR: pkg, HOOKSCOPE_ELECTRON_INSTALL_TIMEOUT_MS: '300', HOOKSCOPE_START_DRY_RUN: '1' });
    expect(res.code).toBe(0);
    expect(res.stdout.match(FALLBACK)?.[1]).toBe('downloading the Electron binary timed out after 0 s');
  });

  it('reports a failed download in short words', async () => {
    const pkg = join(dir, 'electron-pkg');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'install.js'), 'console.error("TypeError: fetch failed\\n    at node:internal/deps/undici");\nprocess.exit(1);\n');
    const res = await run({ HOOKSCOPE_ELECTRON_PKG_DIR: pkg, HOOKSCOPE_START_DRY_RUN: '1' });
    expect(res.stdout.match(FALLBACK)?.[1]).toBe('the Electron binary could not be downloaded: TypeError: fetch failed');
  });

  it('uses a binary the download put in place', async () => {
    const pkg = join(dir, 'electron-pkg');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    const fake = '#!/bin/sh\\necho downloaded-electron-ran\\n';
    writeFileSync(
      join(pkg, 'install.js'),
      `const fs = require('fs'); const p = require('path');\n` +
        `fs.writeFileSync(p.join(__dirname, 'dist', 'electron'), '${fake}', { mode: 0o755 });\n` +
        `fs.writeFileSync(p.join(__dirname, 'path.txt'), 'electron');\n`,
    );
    writeFileSync(join(pkg, 'package.json'), '{"type":"commonjs"}');
    const res = await run({ HOOKSCOPE_ELECTRON_PKG_DIR: pkg, HOOKSCOPE_START_DRY_RUN: '1' });
    expect(res.stdout).toContain('downloaded-electron-ran');
    expect(fallbackLines(res.stdout)).toEqual([]);
  });

  it('runs the CLI serve --open as the fallback and passes its exit code on', async () => {
    const cli = join(dir, 'hookscope.js');
    writeFileSync(cli, 'console.log("cli args: " + process.argv.slice(2).join(" ")); process.exit(3);\n');
    const res = await run({ HOOKSCOPE_ELECTRON_PATH: join(dir, 'none'), HOOKSCOPE_CLI_PATH: cli });
    expect(fallbackLines(res.stdout)).toHaveLength(1);
    expect(res.stdout).toContain('cli args: serve --open');
    expect(res.code).toBe(3);
  });

  it('says so when the fallback CLI itself is missing', async () => {
    const res = await run({ HOOKSCOPE_ELECTRON_PATH: join(dir, 'none'), HOOKSCOPE_CLI_PATH: join(dir, 'missing-cli.js') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Hookscope's command line is missing");
  });
});
