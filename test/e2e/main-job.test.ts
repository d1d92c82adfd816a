// The main job end to end, as a user meets it: `hookscope serve` with the demo, opened in Chromium.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp } from './chromium';
import { ROOT, runCli, startServe, tempDir, type Served } from './serve-process';

const ARTIFACTS = join(ROOT, 'test-results');
const SECRET_BYTES = randomBytes(24);

function signedDelivery(body: string) {
  const msgId = `msg_e2e_${Date.now()}`;
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SECRET_BYTES).update(`${msgId}.${ts}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'webhook-id': msgId, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` };
}

async function rowsIn(page: Page, column: 'push' | 'poll', cls = ''): Promise<number> {
  return page.locator(`[data-column=${column}] [role=option]${cls ? `.rc-${cls}` : ''}`).count();
}

describe('hookscope serve in a browser', () => {
  let served: Served;
  let browser: BrowserContext;
  let dataDir: string;
  const marker = `e2e-${randomBytes(4).toString('hex')}`;
  const body = JSON.stringify({ id: `evt_${marker}`, type: 'lead.replied', note: `héllo ✓ 日本 ${marker}` });
  let pushId = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = tempDir();
    served = await startServe(['--seed', '7'], dataDir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('fills both columns from the demo with matched pairs within 10 s', async () => {
    const page = await browser.newPage();
    await page.goto(served.uiUrl);
    await expect.poll(() => rowsIn(page, 'push'), { timeout: 10_000, interval: 250 }).toBeGreaterThan(0);
    await expect.poll(() => rowsIn(page, 'poll', 'both'), { timeout: 10_000, interval: 250 }).toBeGreaterThan(0);
    await expect.poll(() => rowsIn(page, 'push', 'both'), { timeout: 5_000, interval: 250 }).toBeGreaterThan(0);
    const both = await page.getByTestId('sum-both').innerText();
    expect(Number(/\d+/.exec(both)?.[0])).toBeGreaterThan(0);
    await page.close();
  });

  it('shows a webhook sent by a plain HTTP client, and its body when selected', async () => {
    const page = await openApp(browser, served.uiUrl);
    const res = await fetch(`${served.receiverUrl}/hooks/e2e?source=test`, { method: 'POST', headers: signedDelivery(body), body });
    expect(res.status).toBe(200);
    pushId = ((await res.json()) as { id: string }).id;
    const row = page.locator(`#row-push-${pushId}`);
    await row.waitFor({ timeout: 5_000 });
    // Rows keep streaming in, so click without waiting for the list to stand still.
    await row.dispatchEvent('click');
    const detail = page.getByRole('region', { name: 'Event detail' });
    await expect.poll(() => detail.innerText(), { timeout: 5_000 }).toContain(marker);
    expect(await detail.innerText()).toContain('héllo ✓ 日本');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ARTIFACTS, 'hookscope.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'hookscope-dark.png') });
    await page.close();
  });

  it('exports the signed webhook byte-exact, and keeps it across a restart', async () => {
    expect(pushId).not.toBe('');
    expect(await served.stop()).toBe(0);
    const exported = await runCli(['export', '--data-dir', dataDir]);
    expect(exported.code).toBe(0);
    const records = exported.stdout.toString().trim().split('\n').map((line) => JSON.parse(line));
    const mine = records.find((r) => r.id === pushId);
    expect(mine).toBeDefined();
    expect(mine.stream).toBe('push');
    expect(mine.path).toBe('/hooks/e2e');
    expect(mine.query).toBe('source=test');
    expect(mine.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Buffer.from(mine.body, mine.bodyEncoding === 'base64' ? 'base64' : 'utf8').equals(Buffer.from(body))).toBe(true);
    const signature = mine.headers.find(([n]: [string]) => n.toLowerCase() === 'webhook-signature');
    expect(signature[1]).toMatch(/^v1,/);
    expect(records.some((r) => r.stream === 'poll' && r.matchedWith)).toBe(true);

    served = await startServe(['--seed', '8'], dataDir);
    const page = await openApp(browser, served.uiUrl);
    // Filter to the one webhook: it must come back from disk, not from a fresh capture.
    await page.keyboard.press('/');
    await page.keyboard.type(marker);
    await page.locator(`#row-push-${pushId}`).waitFor({ timeout: 10_000 });
    const again = await runCli(['export', '--data-dir', dataDir]);
    expect(again.stdout.toString()).toContain(pushId);
    await page.close();
  });
});
