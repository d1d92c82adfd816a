// The comparison as a user sees it on the demo: the timeline with joined pairs, the measured table,
// the what-if panel, and the webhook-vs-API diff of a matched pair. Screenshots go to test-results/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { ROOT, startServe, tempDir, type Served } from './serve-process';

const ARTIFACTS = join(ROOT, 'test-results');

describe('comparison panel on the demo', () => {
  let served: Served;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    served = await startServe(['--seed', '11'], tempDir());
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(served.uiUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('fills the comparison table with measured values and keeps its size while events stream', async () => {
    const table = page.getByTestId('comparison-table');
    await expect.poll(() => table.locator('[data-row=missed] td').first().innerText(), { timeout: 30_000, interval: 500 }).toMatch(/of \d+/);
    await expect.poll(() => table.locator('[data-row=realtime] td').first().innerText(), { timeout: 30_000, interval: 500 }).toMatch(/ms|s \//);
    // Enough events for the pictures to say something.
    await expect.poll(async () => Number(/(\d+) events/.exec(await table.locator('.cmp-foot').innerText())?.[1] ?? 0), { timeout: 40_000, interval: 500 }).toBeGreaterThanOrEqual(15);
    const before = await page.locator('.compare').boundingBox();
    const lanesBefore = await page.locator('.lanes').boundingBox();
    await page.waitForTimeout(3_000);
    expect(await page.locator('.compare').boundingBox()).toEqual(before);
    expect((await page.locator('.lanes').boundingBox())?.y).toBe(lanesBefore?.y);
    await page.locator('.compare').screenshot({ path: join(ARTIFACTS, 'comparison-band.png') });
    await table.screenshot({ path: join(ARTIFACTS, 'comparison-table.png') });
    // The match-key form opens over the lanes without moving them, and shows the keys in use.
    await table.getByRole('button', { name: /keys/ }).click();
    const form = page.getByRole('form', { name: 'Match settings' });
    await expect.poll(() => form.isVisible()).toBe(true);
    expect(await form.getByRole('textbox').first().inputValue()).toBe('id');
    expect((await page.locator('.lanes').boundingBox())?.y).toBe(lanesBefore?.y);
    await page.screenshot({ path: join(ARTIFACTS, 'match-settings.png'), clip: { x: 700, y: 60, width: 740, height: 320 } });
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('draws the timeline and the what-if curve with the measured point', async () => {
    await expect.poll(() => page.getByTestId('what-if-measured').count(), { timeout: 30_000, interval: 500 }).toBe(1);
    await page.getByTestId('timeline').screenshot({ path: join(ARTIFACTS, 'timeline.png') });
    // Wheel zooms and leaves live mode; the live button comes back to the moving edge.
    const plot = page.locator('.timeline-plot .u-over');
    const box = await plot.boundingBox();
    await page.mouse.move(box!.x + box!.width * 0.8, box!.y + box!.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => page.getByTestId('timeline').locator('.panel-hint').innerText()).toMatch(/shown/);
    await page.getByTestId('timeline').getByRole('button', { name: 'live' }).click();
    await expect.poll(() => page.getByTestId('timeline').locator('.panel-hint').innerText()).toMatch(/^live/);
    await page.getByTestId('what-if').screenshot({ path: join(ARTIFACTS, 'what-if.png') });
    // Something was drawn on the plot canvas: not every pixel is the same.
    // Evaluated as text: this file is type-checked for Node, where DOM types do not exist.
    const varied = await page.evaluate(`(() => {
      const canvas = document.querySelector('.timeline-plot canvas');
      const ctx = canvas && canvas.getContext('2d');
      if (!ctx) return false;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4 * 37) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return colours.size > 3;
    })()`);
    expect(varied).toBe(true);
  });

  it('shows the webhook payload beside the polled object of a matched pair', async () => {
    // A pair whose API object changed after the push shows a real difference, when the demo made one.
    const changed = page.locator('[data-column=poll] [role=option]:has(.ch-changed)').first();
    const both = page.locator('[data-column=push] [role=option].rc-both').first();
    await both.waitFor({ timeout: 30_000 });
    await ((await changed.count()) > 0 ? changed : both).click();
    await page.getByRole('tab', { name: 'Match' }).click();
    await page.getByTestId('payload-compare').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('payload-compare').innerText()).toMatch(/Webhook payload vs polled object/);
    await page.screenshot({ path: join(ARTIFACTS, 'hookscope-comparison.png') });
    await page.locator('.detail').screenshot({ path: join(ARTIFACTS, 'payload-diff.png') });
  });
});
