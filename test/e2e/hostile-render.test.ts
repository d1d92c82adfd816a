// The script and HTML payloads of the hostile corpus, captured by `hookscope serve` and shown in
// Chromium: in the list and in the detail pane they are text, and nothing in them runs.
import net from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPT_PAYLOADS } from '../hostile/corpus';
import { launchChromium } from './chromium';
import { ROOT, startServe, type Served } from './serve-process';

function sendRaw(port: number, raw: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (/\r\n\r\n\{[^\n]*\}$/.test(text)) socket.end();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('hostile payloads in the UI', () => {
  let served: Served;
  let browser: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    served = await startServe(['--no-demo']);
    browser = await launchChromium();
    page = await browser.newPage();
    // Anything that runs would flip one of these; the payloads set __hookscopePwned themselves.
    await page.addInitScript({
      content: "for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => (window.__hookscopePwned = 'called ' + name);",
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(served.uiUrl);
    await page.locator('[data-column=push]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('lists and opens every script payload as text without running it', async () => {
    expect(SCRIPT_PAYLOADS.length).toBeGreaterThanOrEqual(5);
    const port = Number(new URL(served.receiverUrl).port);
    const detail = page.getByRole('region', { name: 'Event detail' });
    for (const c of SCRIPT_PAYLOADS) {
      const reply = await sendRaw(port, c.send as Buffer);
      expect(reply, c.name).toMatch(/^HTTP\/1\.1 200/);
      const id = /"id":"([^"]+)"/.exec(reply)?.[1] ?? '';
      const row = page.locator(`#row-push-${id}`);
      await row.waitFor({ timeout: 5_000 });
      await row.click();
      // The chosen tab outlives the selection: pick the one that holds this payload.
      await detail.getByRole('tab', { name: c.name.includes('header') ? /^Headers/ : /^Body/ }).click();
      await expect.poll(() => detail.innerText(), { timeout: 5_000 }).toContain('<script>');
    }
    await page.waitForTimeout(500); // give an injected onerror/onload its chance to fire
    await page.screenshot({ path: join(ROOT, 'test-results', 'hostile-payloads.png') });
    // The test program is typed for Node (no DOM lib): the page-side check is plain script text.
    const state = await page.evaluate(`({
      pwned: window.__hookscopePwned,
      injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length,
      scripts: [...document.scripts].filter((s) => (s.textContent || '').includes('hookscopePwned')).length,
    })`);
    expect(state).toEqual({ pwned: undefined, injected: 0, scripts: 0 });
    expect(dialogs).toEqual([]);
    // The payloads are on screen as literal text, not dropped.
    expect(await page.locator('[data-column=push]').innerText()).toContain('<script>window.__hookscopePwned=1</script>');
  });
});
