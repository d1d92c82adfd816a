// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { App } from '../../src-renderer/src/components/app';
import { type Binding } from '../../src-renderer/src/state/bind-api';
import { useHookscope } from '../../src-renderer/src/state/store';
import { bindPerTest } from './bind-per-test';
import { createFakeApi, makeGroup, makePoll, makePush, makeSnapshot, rowOf, type FakeApi } from './fake-api';

// happy-dom has no layout: give the scrolling lists a size so the virtualizer renders rows.
const VIEW_H = 420;
const restore: (() => void)[] = [];
beforeAll(() => {
  for (const prop of ['offsetHeight', 'clientHeight'] as const) {
    const orig = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
    Object.defineProperty(HTMLElement.prototype, prop, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('col-scroll') ? VIEW_H : 0;
      },
    });
    restore.push(() => orig && Object.defineProperty(HTMLElement.prototype, prop, orig));
  }
  const origW = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth');
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('col-scroll') ? 700 : 0;
    },
  });
  restore.push(() => origW && Object.defineProperty(HTMLElement.prototype, 'offsetWidth', origW));
});
afterAll(() => restore.forEach((r) => r()));

let binding: Binding | undefined;
const bind = bindPerTest();

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function scenario(): { fake: FakeApi; ids: Record<string, string> } {
  const p1 = makePush({ matchKey: 'k1', summary: 'invoice.paid', body: JSON.stringify({ id: 'k1', note: XSS }) });
  const p2 = makePush({ matchKey: 'k2', summary: 'charge.failed' });
  const p2dup = makePush({ matchKey: 'k2', summary: 'charge.failed' });
  const q1 = makePoll({ matchKey: 'k1', summary: 'invoice k1', item: { id: 'k1', note: XSS } });
  const q3 = makePoll({ matchKey: 'k3', summary: 'refund k3' });
  const base = makePoll({ matchKey: 'k0', change: 'baseline', summary: 'old one' });
  const fake = createFakeApi({
    snapshot: makeSnapshot({
      push: [p1, p2, p2dup].map((e) => rowOf(e)),
      poll: [base, q1, q3].map((e) => rowOf(e)),
      matches: [
        makeGroup({ key: 'k1', cls: 'both', pushIds: [p1.id], pollIds: [q1.id], firstPushT: 0, firstPollT: 1500 }),
        makeGroup({ key: 'k2', cls: 'push-only', pushIds: [p2.id, p2dup.id], duplicates: 1 }),
        makeGroup({ key: 'k3', cls: 'poll-only', pollIds: [q3.id] }),
      ],
    }),
  });
  for (const ev of [p1, p2, p2dup, q1, q3, base]) fake.events.set(ev.id, ev);
  return { fake, ids: { p1: p1.id, p2: p2.id, p2dup: p2dup.id, q1: q1.id, q3: q3.id, base: base.id } };
}

async function mount(fake: FakeApi): Promise<void> {
  binding = bind(fake.api);
  render(
    <ApiContext.Provider value={fake.api}>
      <App />
    </ApiContext.Provider>,
  );
  await act(() => binding!.ready);
}

const rowEl = (id: string): HTMLElement => {
  const el = document.querySelector<HTMLElement>(`[data-id="${id}"]`);
  if (!el) throw new Error(`row ${id} not rendered`);
  return el;
};
const key = (k: string): void => {
  act(() => {
    fireEvent.keyDown(window, { key: k });
  });
};

describe('App', () => {
  it('shows both columns with class marks and the summary numbers', async () => {
    const { fake, ids } = scenario();
    await mount(fake);
    expect(rowEl(ids.p1).className).toContain('rc-both');
    expect(rowEl(ids.p2).className).toContain('rc-push-only');
    expect(rowEl(ids.p2dup).className).toContain('rc-duplicate');
    expect(rowEl(ids.q3).className).toContain('rc-poll-only');
    expect(rowEl(ids.base).className).toContain('rc-baseline');
    expect(within(screen.getByTestId('sum-both')).getByText('1')).toBeTruthy();
    expect(within(screen.getByTestId('sum-push-only')).getByText('1')).toBeTruthy();
    expect(within(screen.getByTestId('sum-poll-only')).getByText('1')).toBeTruthy();
    expect(within(screen.getByTestId('sum-duplicate')).getByText('1')).toBeTruthy();
    expect(screen.getByTestId('sum-lead').textContent).toContain('Push first by p50 1.50 s');
  });

  it('highlights the partner in the other column on hover, and only there', async () => {
    const { fake, ids } = scenario();
    await mount(fake);
    act(() => {
      fireEvent.mouseEnter(rowEl(ids.p1));
    });
    expect(rowEl(ids.q1).className).toContain('is-hover-partner');
    expect(rowEl(ids.q3).className).not.toContain('is-hover-partner');
    act(() => {
      fireEvent.mouseLeave(document.querySelector('[data-column="push"]')!);
    });
    expect(rowEl(ids.q1).className).not.toContain('is-hover-partner');
  });

  it('renders hostile bodies as text: no script or img element is created', async () => {
    const { fake, ids } = scenario();
    await mount(fake);
    act(() => {
      fireEvent.click(rowEl(ids.p1));
    });
    const detail = await screen.findByRole('region', { name: 'Event detail' });
    await waitFor(() => expect(detail.textContent).toContain('<script>alert(1)</script>'));
    expect(detail.textContent).toContain('<img src=x onerror=alert(2)>');
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    // The raw view too.
    act(() => {
      fireEvent.click(within(detail).getByRole('button', { name: 'Raw' }));
    });
    expect(detail.textContent).toContain(XSS.replace(/"/g, '\\"'));
    expect(document.querySelector('img')).toBeNull();
    // And the polled item.
    act(() => {
      fireEvent.click(rowEl(ids.q1));
    });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Event detail' }).textContent).toContain('<img src=x'));
    expect(document.querySelector('img')).toBeNull();
    expect(fake.calls.filter((c) => c.name === 'getEvent').map((c) => c.args[0])).toEqual([ids.p1, ids.q1]);
  });

  it('shows headers in received order with duplicates, and the match facts', async () => {
    const { fake, ids } = scenario();
    const ev = fake.events.get(ids.p1);
    if (ev?.stream !== 'push') throw new Error('fixture');
    ev.headers = [['X-B', '2'], ['x-a', '1'], ['X-B', '3']];
    await mount(fake);
    act(() => {
      fireEvent.click(rowEl(ids.p1));
    });
    const detail = await screen.findByRole('region', { name: 'Event detail' });
    await waitFor(() => expect(within(detail).getByRole('tab', { name: 'Headers (3)' })).toBeTruthy());
    act(() => {
      fireEvent.click(within(detail).getByRole('tab', { name: 'Headers (3)' }));
    });
    const cells = [...detail.querySelectorAll('td.kv-v')].map((td) => td.textContent);
    expect(cells).toEqual(['2', '1', '3']);
    act(() => {
      fireEvent.click(within(detail).getByRole('tab', { name: 'Match' }));
    });
    expect(detail.textContent).toContain('Push was first, by 1.50 s');
    expect(within(detail).getByRole('button', { name: new RegExp(ids.q1) })).toBeTruthy();
  });

  it('says so when the event is gone, and when loading it fails', async () => {
    const { fake, ids } = scenario();
    fake.events.delete(ids.p2);
    await mount(fake);
    act(() => {
      fireEvent.click(rowEl(ids.p2));
    });
    expect(await screen.findByText(/no longer stored/)).toBeTruthy();
    fake.failNext('getEvent', 'link down');
    act(() => {
      fireEvent.click(rowEl(ids.p1));
    });
    expect(await screen.findByText(/Could not load the event: link down/)).toBeTruthy();
  });

  it('navigates with the keyboard: ↑/↓, ←/→ to the partner, Enter, Esc', async () => {
    const { fake, ids } = scenario();
    await mount(fake);
    key('ArrowDown');
    expect(useHookscope.getState().selected?.id).toBe(ids.p1);
    expect(useHookscope.getState().detailOpen).toBe(false);
    key('ArrowRight');
    expect(useHookscope.getState().selected?.id).toBe(ids.q1);
    expect(rowEl(ids.p1).className).toContain('is-partner');
    key('ArrowDown');
    expect(useHookscope.getState().selected?.id).toBe(ids.q3);
    key('ArrowLeft');
    expect(useHookscope.getState().selected?.stream).toBe('push');
    key('ArrowUp');
    key('ArrowUp');
    key('ArrowUp');
    expect(useHookscope.getState().selected?.id).toBe(ids.p1);
    key('Enter');
    expect(useHookscope.getState().detailOpen).toBe(true);
    expect(await screen.findByRole('region', { name: 'Event detail' })).toBeTruthy();
    key('Escape');
    expect(useHookscope.getState().selected).toBeNull();
    expect(screen.queryByRole('region', { name: 'Event detail' })).toBeNull();
  });

  it('`/` focuses the filter, which narrows both columns; `p` pauses and counts new rows', async () => {
    const { fake, ids } = scenario();
    await mount(fake);
    key('/');
    const input = screen.getByRole('searchbox');
    expect(document.activeElement).toBe(input);
    act(() => {
      fireEvent.change(input, { target: { value: 'invoice' } });
    });
    expect(document.querySelector(`[data-id="${ids.p2}"]`)).toBeNull();
    expect(rowEl(ids.p1)).toBeTruthy();
    expect(rowEl(ids.q1)).toBeTruthy();
    // Typing "p" in the box is text, not the pause key.
    act(() => {
      fireEvent.keyDown(input, { key: 'p' });
    });
    expect(useHookscope.getState().paused).toBe(false);
    act(() => {
      fireEvent.keyDown(input, { key: 'Escape' });
    });
    expect(useHookscope.getState().filterText).toBe('');

    key('p');
    expect(useHookscope.getState().paused).toBe(true);
    const fresh = makePush({ summary: 'arrived while paused' });
    act(() => fake.emit('push', rowOf(fresh)));
    await waitFor(() => expect(screen.getByRole('button', { name: /Resume/ }).textContent).toContain('1 new'));
    expect(document.querySelector(`[data-id="${fresh.id}"]`)).toBeNull();
    key('p');
    await waitFor(() => expect(rowEl(fresh.id)).toBeTruthy());
  });

  it('clicking a summary class filters the columns to it', async () => {
    const { fake, ids } = scenario();
    await mount(fake);
    act(() => {
      fireEvent.click(screen.getByTestId('sum-poll-only'));
    });
    expect(rowEl(ids.q3)).toBeTruthy();
    expect(document.querySelector(`[data-id="${ids.q1}"]`)).toBeNull();
    expect(document.querySelector(`[data-id="${ids.p1}"]`)).toBeNull();
    act(() => {
      fireEvent.click(screen.getByTestId('sum-poll-only'));
    });
    expect(rowEl(ids.q1)).toBeTruthy();
  });

  it('Clear asks first; cancelling keeps everything, confirming clears', async () => {
    const { fake, ids } = scenario();
    await mount(fake);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    });
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('6 captured events');
    act(() => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    });
    expect(fake.calls.some((c) => c.name === 'clear')).toBe(false);
    expect(rowEl(ids.p1)).toBeTruthy();
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    });
    act(() => {
      fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete events' }));
    });
    await waitFor(() => expect(document.querySelector(`[data-id="${ids.p1}"]`)).toBeNull());
    expect(fake.calls.filter((c) => c.name === 'clear')).toHaveLength(1);
    expect(screen.getByText('No webhooks yet.')).toBeTruthy();
  });

  it('turns a failed command into a visible notice, and shows core notices and a lost link', async () => {
    const { fake } = scenario();
    await mount(fake);
    fake.failNext('setTunnel', 'no network');
    act(() => {
      fireEvent.click(screen.getByRole('switch', { name: 'Tunnel' }));
    });
    expect(await screen.findByText('Starting the tunnel failed: no network')).toBeTruthy();
    act(() => fake.emit('notice', { level: 'error', message: 'Could not write events: ENOSPC', t: Date.now() }));
    expect(screen.getByText('Could not write events: ENOSPC')).toBeTruthy();
    act(() => useHookscope.getState().setConnection('closed'));
    expect(screen.getByText(/Lost the connection to the Hookscope core/)).toBeTruthy();
  });

  it('shows the tunnel state with its reason, and a failed poll source in red with its error', async () => {
    const { fake } = scenario();
    fake.snapshot.tunnel = { state: 'failed', reason: 'DNS lookup failed', since: 0, host: 'h' };
    fake.snapshot.sources = [
      {
        config: { id: 's1', name: 'Orders API', url: 'http://127.0.0.1:9/orders', headers: [], intervalMs: 5000, itemsPath: '', idPath: 'id', enabled: true },
        status: { id: 's1', state: 'error', lastStatus: 503, lastError: 'HTTP 503 Service Unavailable', polls: 3, bytes: 10, itemsKnown: 0 },
      },
    ];
    await mount(fake);
    expect(screen.getAllByText('DNS lookup failed').length).toBeGreaterThan(0);
    const chip = screen.getByTestId('source-s1');
    expect(chip.className).toContain('is-error');
    expect(chip.textContent).toContain('503');
    expect(chip.textContent).toContain('HTTP 503 Service Unavailable');
  });
});
