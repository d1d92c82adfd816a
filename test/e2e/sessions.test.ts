// Named sessions end to end: capture in one, start another from the header's menu, capture there,
// switch back; each shows only its own events, and both outlive a restart of `hookscope serve`.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { ROOT, startServe, tempDir, type Served } from './serve-process';

const ARTIFACTS = join(ROOT, 'test-results');
const SECOND = 'E2E second';

async function sendWebhook(served: Served, marker: string): Promise<string> {
  const body = JSON.stringify({ id: `evt_${marker}`, type: 'session.check', marker });
  const res = await fetch(`${served.receiverUrl}/hooks/${marker}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

const sessionButton = (page: Page) => page.getByRole('button', { name: /^Session: / });
const pushRows = (page: Page) => page.locator('[data-column=push] [role=option]');

async function openSession(page: Page, name: string): Promise<void> {
  await sessionButton(page).click();
  const menu = page.getByRole('dialog', { name: 'Sessions' });
  await menu.locator('[data-session-item]', { has: page.locator('.ses-name', { hasText: new RegExp(`^${name}$`) }) }).click();
  await expect.poll(() => sessionButton(page).innerText(), { timeout: 10_000 }).toBe(name);
  // The menu closes when the core answers the switch, which may come after the new rows.
  await menu.waitFor({ state: 'hidden', timeout: 15_000 });
}

describe('named sessions in a browser', () => {
  let served: Served;
  let browser: BrowserContext;
  let dataDir: string;
  let firstName = '';
  const markerA = `a${randomBytes(4).toString('hex')}`;
  const markerB = `b${randomBytes(4).toString('hex')}`;
  let idA = '';
  let idB = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = tempDir();
    served = await startServe(['--no-demo'], dataDir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('keeps each session to its own events, switching from the header menu', async () => {
    const page = await browser.newPage();
    await page.goto(served.uiUrl);
    await sessionButton(page).waitFor({ timeout: 10_000 });
    firstName = await sessionButton(page).innerText();

    idA = await sendWebhook(served, markerA);
    await page.locator(`#row-push-${idA}`).waitFor({ timeout: 15_000 });

    await sessionButton(page).click();
    await page.getByRole('button', { name: 'New session…' }).click();
    const form = page.getByRole('form', { name: 'New session' });
    await form.getByLabel('Name').fill(SECOND);
    await form.getByRole('button', { name: 'Create and open' }).click();
    await expect.poll(() => sessionButton(page).innerText(), { timeout: 10_000 }).toBe(SECOND);
    await expect.poll(() => pushRows(page).count(), { timeout: 15_000 }).toBe(0);
    // Focus is back on the button, so the keyboard user is where they started.
    // The list event can come before the command's answer, which is what returns the focus.
    await expect.poll(() => sessionButton(page).evaluate((el) => el.matches(':focus')), { timeout: 15_000 }).toBe(true);

    idB = await sendWebhook(served, markerB);
    await page.locator(`#row-push-${idB}`).waitFor({ timeout: 15_000 });
    expect(await pushRows(page).count()).toBe(1);

    await openSession(page, firstName);
    await page.locator(`#row-push-${idA}`).waitFor({ timeout: 15_000 });
    expect(await pushRows(page).count()).toBe(1);
    expect(await page.locator(`#row-push-${idB}`).count()).toBe(0);

    await sessionButton(page).click();
    await page.getByRole('dialog', { name: 'Sessions' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'sessions-menu.png') });
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('still has both sessions and their events after serve restarts', async () => {
    expect(idA).not.toBe('');
    expect(await served.stop()).toBe(0);
    served = await startServe(['--no-demo'], dataDir);
    const page = await browser.newPage();
    await page.goto(served.uiUrl);
    // The session open at the end is the one that opens again.
    await expect.poll(() => sessionButton(page).innerText(), { timeout: 10_000 }).toBe(firstName);
    await page.locator(`#row-push-${idA}`).waitFor({ timeout: 10_000 });
    expect(await pushRows(page).count()).toBe(1);

    await openSession(page, SECOND);
    await page.locator(`#row-push-${idB}`).waitFor({ timeout: 10_000 });
    expect(await pushRows(page).count()).toBe(1);
    expect(await page.locator(`#row-push-${idA}`).count()).toBe(0);
    await page.close();
  });
});
