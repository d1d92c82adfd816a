// Body viewers and auto-forward end to end: `hookscope serve --forward-to`, real uploads to its
// receiver, Chromium opening them; the multipart file part downloads byte-exact.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp } from './chromium';
import { ROOT, startServe, type Served } from './serve-process';

// The renderer tests' payloads live under test/renderer (typed for the web); these are the e2e's own.
const stripeEvent = JSON.stringify({ id: 'evt_1NG8Du2eZvKYlo2C', object: 'event', type: 'payment_intent.succeeded', created: 1686089970, data: { object: { id: 'pi_3NG8Du2e', amount: 2000, currency: 'usd', metadata: { order_id: '6735' } } } });
const soapXml = '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><m:Order xmlns:m="urn:x"><m:OrderId>6735</m:OrderId></m:Order></soap:Body></soap:Envelope>';

/** A browser-style upload with a binary file holding every byte value, CR/LF pairs and a fake boundary. */
function multipartUpload(): { body: Buffer; file: Buffer; contentType: string } {
  const boundary = '----WebKitFormBoundaryE2eZu0gW';
  const file = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(5000), Buffer.from(`\r\n--${boundary.slice(0, 12)}\r\n`)]);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHoliday photo\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="beach día.png"\r\nContent-Type: image/png\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, file, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('body viewers in the UI', () => {
  let served: Served;
  let browser: BrowserContext;
  let page: Page;
  let target: Server;
  const forwarded: { url: string; body: Buffer }[] = [];

  beforeAll(async () => {
    target = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        forwarded.push({ url: req.url ?? '', body: Buffer.concat(chunks) });
        res.writeHead(202).end('queued');
      });
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/local`;
    served = await startServe(['--no-demo', '--forward-to', targetUrl]);
    browser = await launchChromium();
    page = await openApp(browser, served.uiUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await new Promise((r) => target?.close(r));
  });

  async function send(path: string, body: Buffer | string, headers: Record<string, string>): Promise<string> {
    const res = await fetch(`${served.receiverUrl}${path}`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  }

  async function open(id: string, tab: RegExp): Promise<ReturnType<Page['getByRole']>> {
    const row = page.locator(`#row-push-${id}`);
    await row.waitFor({ timeout: 5_000 });
    await row.click();
    const detail = page.getByRole('region', { name: 'Event detail' });
    await detail.getByRole('tab', { name: tab }).click();
    return detail;
  }

  it('downloads a multipart upload’s file part byte-exact', async () => {
    expect(served.output()).toContain('Forward:   every webhook also goes to');
    const { body, file, contentType } = multipartUpload();
    const id = await send('/upload', body, { 'content-type': contentType });
    const detail = await open(id, /^Body/);
    await detail.getByLabel('Multipart parts').waitFor();
    await page.screenshot({ path: join(ROOT, 'test-results', 'body-multipart.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByLabel('Download part 2 (beach día.png)').click()]);
    expect(download.suggestedFilename()).toBe('beach día.png');
    const saved = await readFile(await download.path());
    expect(saved.equals(file)).toBe(true);

    // The same push went on to the forward target, byte-exact, and its answer is on the Forward tab.
    await expect.poll(() => forwarded.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(forwarded[0]?.url).toBe('/local/upload');
    expect(forwarded[0]?.body.equals(body)).toBe(true);
    await detail.getByRole('tab', { name: /^Forward/ }).click();
    await expect.poll(() => detail.getByTestId('forward-row').first().innerText(), { timeout: 5_000 }).toContain('202');
    await page.screenshot({ path: join(ROOT, 'test-results', 'body-forward.png') });
  });

  it('shows JSON as a tree, XML pretty-printed and a gzip body decoded', async () => {
    const jsonId = await send('/stripe', stripeEvent, { 'content-type': 'application/json' });
    const detail = await open(jsonId, /^Body/);
    await expect.poll(() => detail.getByLabel('JSON tree').innerText(), { timeout: 5_000 }).toContain('payment_intent.succeeded');
    await page.screenshot({ path: join(ROOT, 'test-results', 'body-json-tree.png') });

    const xmlId = await send('/soap', soapXml, { 'content-type': 'text/xml' });
    await open(xmlId, /^Body/);
    await expect.poll(() => detail.locator('pre.code').innerText(), { timeout: 5_000 }).toContain('\n      <m:OrderId>6735</m:OrderId>');

    const gz = gzipSync(Buffer.from(stripeEvent));
    const gzId = await send('/gz', gz, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    await open(gzId, /^Body/);
    await expect.poll(() => detail.getByRole('status').innerText(), { timeout: 5_000 }).toMatch(/Decoded gzip/);
    await expect.poll(() => detail.getByLabel('JSON tree').innerText(), { timeout: 5_000 }).toContain('payment_intent.succeeded');
    await page.screenshot({ path: join(ROOT, 'test-results', 'body-gzip.png') });
    // The stored bytes are still the gzip bytes as received.
    await detail.getByRole('button', { name: 'As received' }).click();
    await expect.poll(() => detail.locator('pre.hex').innerText(), { timeout: 5_000 }).toContain('1f 8b 08');
  });
  it('turns notifications on after the browser grants permission and notifies on a matching push', async () => {
    await browser.grantPermissions(['notifications'], { origin: new URL(served.uiUrl).origin });
    // Record notifications instead of showing them (headless Chromium has no notification centre).
    await page.evaluate(`(() => {
      const Real = window.Notification;
      window.__shown = [];
      class Spy { static get permission() { return Real.permission; } static requestPermission() { return Real.requestPermission(); }
        constructor(title, opts) { window.__shown.push(title + ' | ' + (opts && opts.body)); } }
      window.Notification = Spy;
    })()`);
    await page.getByRole('button', { name: 'Notify', exact: true }).click();
    const pop = page.getByRole('dialog', { name: 'Notifications' });
    await pop.getByRole('textbox').fill('reply');
    await pop.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Notify: on' }).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(ROOT, 'test-results', 'notify-popover.png') });
    await send('/leads/new', '{}', { 'content-type': 'application/json' });
    await send('/leads/reply', '{"type":"lead.replied"}', { 'content-type': 'application/json' });
    await expect.poll(() => page.evaluate('window.__shown'), { timeout: 5_000 }).toEqual(['Webhook: POST /leads/reply | lead.replied']);
  });
});
