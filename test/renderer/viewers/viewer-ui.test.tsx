// @vitest-environment happy-dom
// The body viewers, the Forward tab and the notification toggle as a user meets them.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '@contract/model';
import { ApiContext } from '../../../src-renderer/src/components/api-context';
import { PushBody } from '../../../src-renderer/src/components/body-view';
import { ForwardPanel } from '../../../src-renderer/src/components/forward-panel';
import { NotifyToggle } from '../../../src-renderer/src/components/notify-toggle';
import { NOTIFY_KEY, loadNotify, notifyMatches } from '../../../src-renderer/src/lib/notify';
import { bindApi, type Binding } from '../../../src-renderer/src/state/bind-api';
import { resetStore, useHookscope } from '../../../src-renderer/src/state/store';
import { createFakeApi, makePush, type FakeApi } from '../fake-api';
import { base64Of, multipartUpload, sameBytes, stripeEvent } from './payloads';

let binding: Binding | undefined;
beforeEach(() => {
  resetStore();
  localStorage.clear();
});
afterEach(() => {
  binding?.unbind();
  binding = undefined;
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function mount(fake: FakeApi, ui: React.JSX.Element): Promise<void> {
  binding = bindApi(fake.api, { schedule: (f) => (queueMicrotask(f), () => undefined) });
  await binding.ready;
  render(<ApiContext.Provider value={fake.api}>{ui}</ApiContext.Provider>);
}

/** Captures what downloadBytes hands to the browser. */
function captureDownloads(): { name: string; blob: Blob }[] {
  const got: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    got.push({ name: this.download, blob: blobs.get(this.getAttribute('href') ?? '') as Blob });
  });
  return got;
}

describe('push body viewers', () => {
  it('shows JSON as a collapsible tree and as raw text', async () => {
    const fake = createFakeApi();
    await mount(fake, <PushBody ev={makePush({ body: stripeEvent, bodyEncoding: 'utf8', contentType: 'application/json' })} />);
    const tree = screen.getByLabelText('JSON tree');
    expect(tree.textContent).toContain('payment_intent.succeeded');
    // Third-level values start collapsed: metadata's order id is not on screen until opened.
    expect(tree.textContent).not.toContain('6735');
    fireEvent.click(screen.getByText('Raw'));
    expect(screen.getByText(stripeEvent)).toBeTruthy();
  });

  it('lists multipart parts and downloads the file part with its exact bytes', async () => {
    const fake = createFakeApi();
    const { body, file, contentType } = multipartUpload();
    const downloads = captureDownloads();
    await mount(fake, <PushBody ev={makePush({ body: base64Of(body), bodyEncoding: 'base64', contentType, headers: [['Content-Type', contentType]] })} />);
    const table = screen.getByLabelText('Multipart parts');
    expect(within(table).getByText('beach día.png')).toBeTruthy();
    expect(within(table).getByText('Holiday photo')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Download part 3 (beach día.png)'));
    expect(downloads).toHaveLength(1);
    expect(downloads[0]?.name).toBe('beach día.png');
    expect(sameBytes(new Uint8Array(await downloads[0].blob.arrayBuffer()), file)).toBe(true);
    fireEvent.click(screen.getByText('Download body'));
    expect(sameBytes(new Uint8Array(await downloads[1].blob.arrayBuffer()), body)).toBe(true);
  });

  it('shows a gzip body decoded by the core, says it hit the cap, and keeps the received bytes', async () => {
    const fake = createFakeApi();
    const ev: PushEvent = makePush({ id: 'push_gz', body: 'H4sIAAAAAAAAA6tWKkktLlGyUkpKLAIAjT0P8w8AAAA=', bodyEncoding: 'base64', contentType: 'application/json', headers: [['Content-Encoding', 'gzip']] });
    fake.events.set(ev.id, ev);
    fake.decoded.set(ev.id, { encoding: 'gzip', body: '{"items":[1,2]}', bodyEncoding: 'utf8', encodedBytes: 34, decodedBytes: 15, truncated: true, capBytes: 16 * 1024 * 1024 });
    await mount(fake, <PushBody ev={ev} />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Decoded 15 B of gzip data .*stopped at the 16(\.0)? MB cap/));
    expect(screen.getByLabelText('JSON tree').textContent).toContain('items');
    fireEvent.click(screen.getByText('As received'));
    expect(document.querySelector('pre.hex')?.textContent).toContain('1f 8b 08');
  });

  it('shows why a body could not be decoded and falls back to the received bytes', async () => {
    const fake = createFakeApi();
    const ev = makePush({ id: 'push_bad', body: 'aGVsbG8=', bodyEncoding: 'base64', headers: [['Content-Encoding', 'br']] });
    fake.failNext('decodedBody', 'disk on fire');
    await mount(fake, <PushBody ev={ev} />);
    await waitFor(() => expect(screen.getByText(/Could not decode the body: disk on fire/)).toBeTruthy());
    expect(document.querySelector('pre.hex')?.textContent).toContain('68 65 6c 6c 6f');
  });
});

describe('forward tab', () => {
  it("lists this push's forwards, adds new ones live and sets the forward URL", async () => {
    const fake = createFakeApi();
    const ev = makePush({ id: 'push_f' });
    fake.forwards.push({ pushId: 'push_f', url: 'http://127.0.0.1:3000/hook', t: Date.now(), status: 500, durationMs: 4.2 });
    await mount(fake, <ForwardPanel ev={ev} />);
    await waitFor(() => expect(screen.getAllByTestId('forward-row')).toHaveLength(1));
    expect(screen.getByTestId('forward-row').textContent).toContain('500');
    fake.emit('forward', { pushId: 'push_other', url: 'http://x/', t: 1, status: 200, durationMs: 1 });
    fake.emit('forward', { pushId: 'push_f', url: 'http://127.0.0.1:3000/hook', t: Date.now() + 1, status: null, durationMs: 2, error: 'connect ECONNREFUSED' });
    await waitFor(() => expect(screen.getAllByTestId('forward-row')).toHaveLength(2));
    expect(screen.getAllByTestId('forward-row')[1]?.textContent).toContain('ECONNREFUSED');

    fireEvent.change(screen.getByLabelText('Forward every push to'), { target: { value: ' http://localhost:4242/webhooks ' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'updateSettings')?.args).toEqual([{ forwardTo: 'http://localhost:4242/webhooks' }]));
  });

  it('shows a rejected forward URL as an error notice', async () => {
    const fake = createFakeApi();
    fake.failNext('updateSettings', 'invalid settings (forwardTo): give an http:// or https:// URL');
    await mount(fake, <ForwardPanel ev={makePush()} />);
    fireEvent.change(screen.getByLabelText('Forward every push to'), { target: { value: 'ftp://x' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(useHookscope.getState().notices.at(-1)?.message).toMatch(/Setting the forward URL failed: invalid settings \(forwardTo\)/));
  });
});

describe('notifications', () => {
  class FakeNotification {
    static permission: NotificationPermission = 'default';
    static requestPermission = vi.fn(() => Promise.resolve((FakeNotification.permission = FakeNotification.grant)));
    static grant: NotificationPermission = 'granted';
    static shown: { title: string; body?: string }[] = [];
    onclick: (() => void) | null = null;
    constructor(title: string, opts?: NotificationOptions) {
      FakeNotification.shown.push({ title, body: opts?.body });
    }
  }
  beforeEach(() => {
    FakeNotification.permission = 'default';
    FakeNotification.grant = 'granted';
    FakeNotification.shown = [];
    vi.stubGlobal('Notification', FakeNotification);
  });

  it('is off by default; enabling asks permission, then matching pushes notify', async () => {
    const fake = createFakeApi();
    await mount(fake, <NotifyToggle />);
    fake.emit('push', makePush({ path: '/leads/reply' }));
    expect(FakeNotification.shown).toHaveLength(0);
    fireEvent.click(screen.getByText('Notify'));
    fireEvent.change(screen.getByPlaceholderText('e.g. POST reply'), { target: { value: 'reply' } });
    fireEvent.click(screen.getByRole('checkbox'));
    await waitFor(() => expect(screen.getByText('Notify: on')).toBeTruthy());
    expect(FakeNotification.requestPermission).toHaveBeenCalled();
    fake.emit('push', makePush({ path: '/leads/new' }));
    fake.emit('push', makePush({ path: '/leads/reply', summary: 'lead.replied' }));
    expect(FakeNotification.shown).toEqual([{ title: 'Webhook: POST /leads/reply', body: 'lead.replied' }]);
    expect(loadNotify(localStorage)).toEqual({ enabled: true, filter: 'reply' });
  });

  it('stays off and says why when permission is denied', async () => {
    FakeNotification.grant = 'denied';
    const fake = createFakeApi();
    await mount(fake, <NotifyToggle />);
    fireEvent.click(screen.getByText('Notify'));
    fireEvent.click(screen.getByRole('checkbox'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/blocked/));
    fake.emit('push', makePush());
    expect(FakeNotification.shown).toHaveLength(0);
    expect(loadNotify(localStorage).enabled).toBe(false);
  });

  it('reads a damaged stored setting as off and matches all filter words', () => {
    localStorage.setItem(NOTIFY_KEY, '{not json');
    expect(loadNotify(localStorage)).toEqual({ enabled: false, filter: '' });
    const row = makePush({ method: 'POST', path: '/crm', summary: 'lead.replied', matchKey: 'lead_42' });
    expect(notifyMatches('post LEAD_42', row)).toBe(true);
    expect(notifyMatches('post lead_43', row)).toBe(false);
    expect(notifyMatches('  ', row)).toBe(true);
  });
});
