// The Inspector and Sources panels driven in Chromium against `hookscope serve`: a signing rule added
// through the UI judges real deliveries (valid, and a tampered copy invalid with its reason), a
// response rule added and then edited there changes what the receiver answers, and a poll source
// added there polls a small local API whose items show up as rows.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEd25519PublicKey, encodeEd25519SecretKey, signStandardWebhookEd25519 } from '../../src-main/core/signing/standard-webhooks-ed25519';
import { launchChromium, openApp } from './chromium';
import { ROOT, startServe, type Served } from './serve-process';

const ARTIFACTS = join(ROOT, 'test-results');

/** A tiny list API: a bare JSON array that the test can add items to between polls. */
function startListApi(): Promise<{ server: Server; url: string; items: { id: string; title: string; created_at: string }[]; requests: () => number }> {
  const items = [
    { id: 'ord_1', title: 'first order', created_at: new Date().toISOString() },
    { id: 'ord_2', title: 'second order', created_at: new Date().toISOString() },
  ];
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(items));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, items, requests: () => requests });
    });
  });
}

describe('Inspector and Sources panels in the browser', () => {
  let served: Served;
  let browser: BrowserContext;
  let page: Page;
  let listApi: Awaited<ReturnType<typeof startListApi>>;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const whpk = encodeEd25519PublicKey(publicKey);
  const whsk = encodeEd25519SecretKey(privateKey);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    listApi = await startListApi();
    served = await startServe(['--no-demo']);
    browser = await launchChromium();
    page = await openApp(browser, served.uiUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    listApi?.server.closeAllConnections();
    await new Promise((r) => (listApi ? listApi.server.close(r) : r(undefined)));
  });

  async function openInspector(): Promise<Locator> {
    await page.getByRole('button', { name: 'Inspector…' }).click();
    const panel = page.getByRole('dialog', { name: 'Inspector settings' });
    await panel.waitFor();
    return panel;
  }

  async function closePanel(panel: Locator): Promise<void> {
    await panel.getByRole('button', { name: 'Close', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
  }

  /** Sends a webhook signed over `signedBody` but carrying `body` (the same bytes unless tampered). */
  async function sendSigned(path: string, msgId: string, signedBody: string, body = signedBody): Promise<{ status: number; id: string }> {
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${served.receiverUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': msgId,
        'webhook-timestamp': String(ts),
        'webhook-signature': signStandardWebhookEd25519(whsk, msgId, ts, signedBody),
      },
      body,
    });
    return { status: res.status, id: ((await res.json()) as { id: string }).id };
  }

  async function signatureShown(id: string): Promise<string> {
    const row = page.locator(`#row-push-${id}`);
    await row.waitFor({ timeout: 5_000 });
    await row.click();
    const detail = page.getByRole('region', { name: 'Event detail' });
    return detail.getByTestId('signature-badge').innerText();
  }

  it('verifies deliveries with a signing rule added in the UI: valid, and invalid with the reason', async () => {
    const panel = await openInspector();
    await panel.getByLabel('Signing scheme').selectOption('standard-webhooks');
    await panel.getByLabel('Signing path').fill('/svix/*');
    await panel.getByLabel('Signing secret').fill(whpk);
    await panel.getByRole('button', { name: 'Add rule' }).click();
    const rule = panel.getByTestId('signing-rule');
    await expect.poll(() => rule.innerText(), { timeout: 5_000 }).toMatch(/Standard Webhooks \/ Svix\s+\/svix\/\*\s+set/);

    // A refusal from the core shows beside the form, in the panel.
    await panel.getByLabel('Signing path').fill('/other');
    await panel.getByLabel('Signing secret').fill('whpk_tooShort');
    await panel.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => panel.getByRole('form', { name: 'New signing rule' }).getByRole('alert').innerText(), { timeout: 5_000 }).toContain('invalid Standard Webhooks public key');
    expect(await panel.getByTestId('signing-rule').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-signing-rule.png') });
    await closePanel(panel);

    const payload = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_1', amount: 4200 } });
    const good = await sendSigned('/svix/billing', 'msg_good', payload);
    const tampered = await sendSigned('/svix/billing', 'msg_tampered', payload, payload.replace('4200', '1'));
    expect(good.status).toBe(200);
    expect(tampered.status).toBe(200);
    await expect.poll(() => signatureShown(good.id), { timeout: 5_000 }).toBe('signature valid');
    await expect.poll(() => signatureShown(tampered.id), { timeout: 5_000 }).toBe('signature invalid · bad signature');
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-signature-invalid.png') });

    // Editing the rule's path with the secret left empty keeps the stored public key.
    const again = await openInspector();
    await again.getByRole('button', { name: 'Edit the Standard Webhooks / Svix rule for /svix/*' }).click();
    const edit = again.getByRole('form', { name: 'Edit signing rule' });
    expect(await edit.getByLabel('Signing secret').getAttribute('placeholder')).toBe('stored — leave empty to keep');
    await edit.getByLabel('Signing path').fill('/billing/*');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => again.getByTestId('signing-rule').innerText(), { timeout: 5_000 }).toMatch(/\/billing\/\*\s+set/);
    await closePanel(again);
    const moved = await sendSigned('/billing/paid', 'msg_moved', payload);
    await expect.poll(() => signatureShown(moved.id), { timeout: 5_000 }).toBe('signature valid');
    const oldPath = await sendSigned('/svix/billing', 'msg_old_path', payload);
    await expect.poll(() => signatureShown(oldPath.id), { timeout: 5_000 }).toBe('signature not checked');
  });

  it('answers with a response rule added in the UI, and with its edited status after an edit', async () => {
    const panel = await openInspector();
    const form = panel.getByRole('form', { name: 'New response rule' });
    await form.getByLabel('Response method').fill('POST');
    await form.getByLabel('Response path').fill('/flaky');
    await form.getByLabel('Response status').fill('500');
    await form.getByLabel('Response body').fill('{"error":"down"}');
    await form.getByRole('button', { name: 'Add response rule' }).click();
    await expect.poll(() => panel.getByTestId('response-rule').innerText(), { timeout: 5_000 }).toContain('500');
    await closePanel(panel);

    const first = await fetch(`${served.receiverUrl}/flaky`, { method: 'POST', body: '{}' });
    expect(first.status).toBe(500);
    expect(await first.text()).toBe('{"error":"down"}');
    const elsewhere = await fetch(`${served.receiverUrl}/steady`, { method: 'POST', body: '{}' });
    expect(elsewhere.status).toBe(200);

    const again = await openInspector();
    await again.getByRole('button', { name: 'Edit the response rule for POST /flaky' }).click();
    const edit = again.getByRole('form', { name: 'Edit response rule' });
    expect(await edit.getByLabel('Response status').inputValue()).toBe('500');
    await edit.getByLabel('Response status').fill('503');
    await edit.getByRole('button', { name: 'Save response rule' }).click();
    await expect.poll(() => again.getByTestId('response-rule').innerText(), { timeout: 5_000 }).toContain('503');
    expect(await again.getByTestId('response-rule').count()).toBe(1);
    await closePanel(again);
    expect((await fetch(`${served.receiverUrl}/flaky`, { method: 'POST', body: '{}' })).status).toBe(503);
  });

  it('polls a local API added as a source in the Sources panel and shows its rows', async () => {
    await page.getByRole('button', { name: 'Sources…' }).click();
    const panel = page.getByRole('dialog', { name: 'Poll sources' });
    await panel.getByRole('button', { name: 'Add source' }).click();
    const editor = panel.getByRole('form', { name: 'New poll source' });
    await editor.getByLabel('Name', { exact: true }).fill('Local orders');
    await editor.getByLabel('URL', { exact: true }).fill(listApi.url);
    await editor.getByLabel('Every (s)', { exact: true }).fill('0.5');
    await editor.getByRole('button', { name: 'Test request' }).click();
    await expect.poll(() => editor.innerText(), { timeout: 5_000 }).toMatch(/2 items/);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.innerText(), { timeout: 5_000 }).toContain('Local orders');
    await page.screenshot({ path: join(ARTIFACTS, 'sources-local-api.png') });
    await panel.getByRole('button', { name: 'Close' }).click();

    const pollRows = page.locator('[data-column=poll] [data-id]');
    // The first poll is the baseline: the items already there.
    await expect.poll(() => pollRows.count(), { timeout: 10_000 }).toBe(2);
    listApi.items.push({ id: 'ord_3', title: 'third order', created_at: new Date().toISOString() });
    await expect.poll(() => pollRows.count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(() => page.locator('[data-column=poll]').innerText(), { timeout: 5_000 }).toMatch(/new\s+ord_3/i);
    expect(await page.locator('[data-column=poll]').innerText()).toMatch(/baseline\s+ord_1[\s\S]*baseline\s+ord_2/i);
    expect(listApi.requests()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(ARTIFACTS, 'sources-polled-rows.png') });
  });
});
