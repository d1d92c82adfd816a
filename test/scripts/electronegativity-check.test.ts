// The security check must fail on a real finding (the tool itself exits 0 whatever it finds).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/electronegativity-check.js');

function check(mainJs: string, indexHtml?: string): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-eng-'));
  writeFileSync(join(dir, 'main.js'), mainJs);
  if (indexHtml) writeFileSync(join(dir, 'index.html'), indexHtml);
  const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('electronegativity check', () => {
  it('fails on a window with node integration and no context isolation', () => {
    const r = check(`const { BrowserWindow } = require('electron');
new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });`);
    expect(r.out).toMatch(/HIGH\/FIRM CONTEXT_ISOLATION_JS_CHECK/);
    expect(r.out).toMatch(/HIGH\/MEDIUM finding\(s\)/);
    expect(r.status).toBe(1);
  }, 60_000);

  it('passes a hardened window', () => {
    const r = check(
      `const { BrowserWindow, session } = require('electron');
const win = new BrowserWindow({ webPreferences: { nodeIntegration: false, contextIsolation: true, sandbox: true, disableBlinkFeatures: 'Auxclick' } });
function harden(contents) {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
harden(win.webContents);
session.defaultSession.setPermissionRequestHandler((_c, _p, cb) => cb(false));`,
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'"></head><body></body></html>`,
    );
    expect(r.out).toMatch(/no unreviewed HIGH or MEDIUM findings/);
    expect(r.status).toBe(0);
  }, 60_000);

  it('scans a chunk with class private members (it would be skipped otherwise) and finds what is in it', () => {
    const r = check(`const { BrowserWindow } = require('electron');
class Shell {
  #count = 0;
  #open() { return new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } }); }
  start() { this.#count += 1; return this.#open(); }
}
new Shell().start();`);
    expect(r.out).toMatch(/0 file\(s\) not parsed/);
    expect(r.out).toMatch(/HIGH\/FIRM CONTEXT_ISOLATION_JS_CHECK/);
    expect(r.status).toBe(1);
  }, 60_000);

  it('fails when a file of the build cannot be scanned at all', () => {
    const r = check('const { BrowserWindow } = require("electron");\nfunction (\n');
    expect(r.out).toMatch(/could not be scanned, so the check is incomplete/);
    expect(r.status).toBe(1);
  }, 60_000);

  it('says what to do when there is no build to scan', () => {
    const r = spawnSync(process.execPath, [SCRIPT, join(tmpdir(), 'hookscope-no-such-build')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/does not exist; run `npm run build` first/);
  });
});
