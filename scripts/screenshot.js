#!/usr/bin/env node
// Takes the README's screenshots from the real app: `hookscope serve` with the demo, in Chromium.
// Usage: node scripts/screenshot.js [seconds-of-demo] (needs `npm run build` and Chromium). Writes
// docs/screenshot.png, docs/screenshot-dark.png and docs/comparison.png.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const seconds = Number(process.argv[2] ?? 40);
const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-shot-'));
const child = spawn(process.execPath, [join(root, 'bin/hookscope.js'), 'serve', '--data-dir', dataDir, '--ui-port', '0', '--receiver-port', '0', '--seed', '11'], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => (out += d));
while (!/UI:\s+(\S+)/.test(out)) await new Promise((r) => setTimeout(r, 100));
const url = /UI:\s+(\S+)/.exec(out)[1];

const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'hookscope-chromium-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  viewport: { width: 1440, height: 860 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForTimeout(seconds * 1000);
  await page.keyboard.press('p');
  const matched = page.locator('[data-column=push] [role=option].rc-both').nth(-4);
  await matched.dispatchEvent('click');
  await page.waitForTimeout(500);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(root, 'docs', scheme === 'light' ? 'screenshot.png' : 'screenshot-dark.png') });
  }
  // The README's close-up of the comparison band (docs/payload-diff.png comes from the comparison e2e
  // test, which makes a pair whose payloads differ).
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(300);
  await page.locator('.compare').screenshot({ path: join(root, 'docs', 'comparison.png') });
} finally {
  await ctx.close();
  child.kill('SIGTERM');
}
