// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { TunnelControl, timeInState } from '../../src-renderer/src/components/tunnel-control';
import { type Binding } from '../../src-renderer/src/state/bind-api';
import { bindPerTest, MICROTASK_FRAMES } from './bind-per-test';
import { createFakeApi, makeSettings, makeSnapshot, type FakeApi } from './fake-api';

let binding: Binding | undefined;
const bind = bindPerTest();

async function mount(fake: FakeApi): Promise<void> {
  binding = bind(fake.api, MICROTASK_FRAMES);
  await binding.ready;
  render(
    <ApiContext.Provider value={fake.api}>
      <TunnelControl />
    </ApiContext.Provider>,
  );
}

const ONLINE = { state: 'online' as const, since: Date.now() - 65_000, host: 'https://localtunnel.me', url: 'https://calm-fox.loca.lt' };

describe('tunnel control', () => {
  it('shows the time in state and a health strip that marks a failed canary', async () => {
    const fake = createFakeApi({
      snapshot: makeSnapshot({ tunnel: ONLINE, tunnelHealth: [{ t: 1, ok: true, rttMs: 120 }, { t: 2, ok: false, error: 'no answer through the public URL within 10 s' }] }),
    });
    await mount(fake);
    expect(screen.getByText(/^1m 0\ds$/)).toBeTruthy();
    expect(timeInState(4180)).toBe('4s');
    const strip = screen.getByRole('img', { name: /last 2 checks, 1 failed/ });
    expect(strip.querySelector('i.bad')?.getAttribute('title')).toMatch(/no answer through the public URL/);
    act(() => fake.emit('tunnelHealth', { t: 3, ok: true, rttMs: 90 }));
    await waitFor(() => expect(screen.getByRole('img', { name: /last 3 checks, 1 failed/ })).toBeTruthy());
  });

  it('says the public URL changed and shows the sender URL with the secret segment', async () => {
    const settings = makeSettings();
    settings.tunnel = { ...settings.tunnel, access: { mode: 'path', secret: 'abcdefgh12' } };
    const fake = createFakeApi({
      snapshot: makeSnapshot({ settings, tunnel: { ...ONLINE, urlChangedFrom: 'https://wanted.loca.lt', reason: "requested 'wanted', server granted 'calm-fox' — the public URL changed" } }),
    });
    await mount(fake);
    expect(screen.getByRole('alert').textContent).toBe('Public URL changed: https://wanted.loca.lt no longer works');
    expect(screen.getByText('https://calm-fox.loca.lt/abcdefgh12')).toBeTruthy();
  });

  it('closes the Tunnel… popover with Esc or a click elsewhere, not with a click inside it', async () => {
    await mount(createFakeApi({ snapshot: makeSnapshot({ tunnel: ONLINE }) }));
    const open = () => fireEvent.click(screen.getByRole('button', { name: 'Tunnel…' }));
    open();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Tunnel details' })).toBeNull();
    open();
    const panel = screen.getByRole('dialog', { name: 'Tunnel details' });
    fireEvent.pointerDown(panel);
    expect(screen.queryByRole('dialog', { name: 'Tunnel details' })).not.toBeNull();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('dialog', { name: 'Tunnel details' })).toBeNull();
  });

  it('sends a test webhook and shows its round trip', async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ tunnel: ONLINE }) });
    await mount(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Tunnel…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send test webhook' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('HTTP 200 · round trip 182 ms · captured'));
    expect(fake.calls.map((c) => c.name)).toContain('sendTestWebhook');
  });

  it('shows the loca.lt facts and fetches the password only on request, with a clear error when it fails', async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ tunnel: ONLINE }) });
    await mount(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Tunnel…' }));
    expect(screen.getByText('bypass-tunnel-reminder: 1')).toBeTruthy();
    expect(fake.calls.map((c) => c.name)).not.toContain('tunnelPassword');
    fake.failNext('tunnelPassword', 'could not get the tunnel password from https://loca.lt/mytunnelpassword: getaddrinfo ENOTFOUND loca.lt.');
    fireEvent.click(screen.getByRole('button', { name: 'Show tunnel password' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/ENOTFOUND loca\.lt/));
    fireEvent.click(screen.getByRole('button', { name: 'Show tunnel password' }));
    await waitFor(() => expect(screen.getByText('203.0.113.7')).toBeTruthy());
  });

  it('hides the loca.lt facts for a self-hosted server', async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ tunnel: { ...ONLINE, host: 'http://localhost:8080', url: 'http://x.localhost:8080' } }) });
    await mount(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Tunnel…' }));
    expect(screen.queryByRole('button', { name: 'Show tunnel password' })).toBeNull();
    expect(screen.getByText(/self-hosted tunnel server/)).toBeTruthy();
  });

  it('saves basic auth as the access rule', async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ tunnel: ONLINE }) });
    await mount(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Tunnel…' }));
    fireEvent.click(screen.getByLabelText(/Basic auth/));
    fireEvent.change(screen.getByLabelText('user'), { target: { value: 'hooks' } });
    fireEvent.change(screen.getByLabelText('password'), { target: { value: 'correct-horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByText(/strangers now get 401/)).toBeTruthy());
    expect(fake.calls.find((c) => c.name === 'updateSettings')?.args).toEqual([{ tunnel: { access: { mode: 'basic', user: 'hooks', password: 'correct-horse' } } }]);
  });
});
