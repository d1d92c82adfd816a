// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { App } from '../../src-renderer/src/components/app';
import { HeaderBar } from '../../src-renderer/src/components/header-bar';
import { bindApi, type Binding } from '../../src-renderer/src/state/bind-api';
import { useHookscope } from '../../src-renderer/src/state/store';
import { bindPerTest, MICROTASK_FRAMES } from './bind-per-test';
import { createFakeApi, makePush, makeSessionInfo, makeSettings, makeSnapshot, rowOf, type FakeApi } from './fake-api';

let binding: Binding | undefined;
const bind = bindPerTest();

const STRIPE = makeSessionInfo({ id: 'ses_b', name: 'Stripe retries', createdAt: '2025-01-16T10:00:00.000Z' });

/** Two sessions: the open "Default" with two pushes, and "Stripe retries" with one of its own. */
function twoSessions(): FakeApi {
  const fake = createFakeApi({
    snapshot: makeSnapshot({ push: [rowOf(makePush({ summary: 'default.one' })), rowOf(makePush({ summary: 'default.two' }))] }),
  });
  fake.sessions.sessions.push(STRIPE);
  fake.sessionSnapshots.set(STRIPE.id, makeSnapshot({ session: STRIPE, push: [rowOf(makePush({ id: 'push_stripe', summary: 'stripe.only' }))] }));
  return fake;
}

async function mount(fake: FakeApi, schedule?: Parameters<typeof bindApi>[1]): Promise<void> {
  binding = bind(fake.api, schedule ?? MICROTASK_FRAMES);
  await binding.ready;
  render(
    <ApiContext.Provider value={fake.api}>
      <HeaderBar />
    </ApiContext.Provider>,
  );
}

const menuButton = (): HTMLElement => screen.getByRole('button', { name: /^Session: / });
function openMenu(): HTMLElement {
  fireEvent.click(menuButton());
  return screen.getByRole('dialog', { name: 'Sessions' });
}
const pushedCount = (): string => screen.getByLabelText('event counts').querySelector('.count-push b')?.textContent ?? '';

describe('session menu', () => {
  it("shows the open session's name and lists the sessions newest first, the open one marked", async () => {
    await mount(twoSessions());
    expect(menuButton().textContent).toBe('Default');
    const menu = openMenu();
    const items = within(menu).getAllByRole('button').filter((b) => b.hasAttribute('data-session-item'));
    expect(items.map((b) => b.querySelector('.ses-name')?.textContent)).toEqual(['Stripe retries', 'Default']);
    expect(items[1]?.getAttribute('aria-current')).toBe('true');
    expect(items[1]?.textContent).toContain('open');
    expect(items[0]?.querySelector('.ses-date')?.textContent).toMatch(/2025/);
    // Focus starts on the open session.
    expect(document.activeElement).toBe(items[1]);
  });

  it('switches with the keyboard: the old rows, selection and filter go, the new snapshot comes, focus returns', async () => {
    const fake = twoSessions();
    await mount(fake);
    const first = useHookscope.getState().push[0];
    if (!first) throw new Error('no row');
    act(() => {
      useHookscope.getState().select({ stream: 'push', id: first.id }, { open: true });
      useHookscope.getState().setFilterText('default');
    });
    expect(pushedCount()).toBe('2');
    const menu = openMenu();
    fireEvent.keyDown(document.activeElement ?? menu, { key: 'ArrowUp' });
    const focused = document.activeElement as HTMLElement;
    expect(focused.querySelector('.ses-name')?.textContent).toBe('Stripe retries');
    fireEvent.click(focused);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Sessions' })).toBeNull());
    await waitFor(() => expect(menuButton().textContent).toBe('Stripe retries'));
    expect(fake.calls.filter((c) => c.name === 'switchSession').map((c) => c.args)).toEqual([['ses_b']]);
    expect(fake.calls.filter((c) => c.name === 'snapshot')).toHaveLength(2);
    const s = useHookscope.getState();
    expect(s.push.map((r) => r.summary)).toEqual(['stripe.only']);
    expect(s.selected).toBeNull();
    expect(s.detailOpen).toBe(false);
    expect(s.filterText).toBe('');
    expect(s.paused).toBe(false);
    expect(pushedCount()).toBe('1');
    expect(document.activeElement).toBe(menuButton());
  });

  it('drops rows of the session left that came while a snapshot was on its way', async () => {
    const fake = twoSessions();
    await mount(fake);
    // A reload (say, after the link came back) is on its way when an old-session row and then the
    // switch arrive: the row must not be re-applied on top of the new session's snapshot.
    const release = fake.holdSnapshot();
    const reload = binding?.resync();
    act(() => fake.emit('push', rowOf(makePush({ id: 'push_late_default', summary: 'default.late' }))));
    await act(async () => {
      await fake.api.switchSession(STRIPE.id);
    });
    release();
    // The switch asks for one more snapshot; hold it to look at the screen in between.
    const releaseAgain = fake.holdSnapshot();
    await waitFor(() => expect(useHookscope.getState().session?.id).toBe(STRIPE.id));
    act(() => binding?.flush());
    expect(useHookscope.getState().push.map((r) => r.id)).toEqual(['push_stripe']);
    releaseAgain();
    await act(async () => {
      await reload;
    });
    expect(useHookscope.getState().push.map((r) => r.id)).toEqual(['push_stripe']);
  });

  it('starts a new session, copying sources and settings when asked, and opens it', async () => {
    const fake = twoSessions();
    fake.snapshot.settings = makeSettings({ match: { pushKey: 'data.id', pollKey: 'id', timePath: '' } });
    await mount(fake);
    openMenu();
    fireEvent.click(screen.getByRole('button', { name: 'New session…' }));
    const form = screen.getByRole('form', { name: 'New session' });
    fireEvent.click(within(form).getByRole('button', { name: 'Create and open' }));
    expect(within(form).getByRole('alert').textContent).toBe('Give the session a name.');
    expect(fake.calls.some((c) => c.name === 'createSession')).toBe(false);
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: '  GitHub pushes ' } });
    fireEvent.click(within(form).getByLabelText("Copy this session's sources and settings"));
    fireEvent.click(within(form).getByRole('button', { name: 'Create and open' }));
    await waitFor(() => expect(menuButton().textContent).toBe('GitHub pushes'));
    expect(fake.calls.find((c) => c.name === 'createSession')?.args).toEqual([{ name: '  GitHub pushes ', copySettings: true }]);
    expect(useHookscope.getState().push).toEqual([]);
    expect(useHookscope.getState().settings?.match.pushKey).toBe('data.id');
    expect(pushedCount()).toBe('0');
    expect(document.activeElement).toBe(menuButton());
  });

  it("shows the core's refusal of a new session beside the form, and keeps the form", async () => {
    await mount(twoSessions());
    openMenu();
    fireEvent.click(screen.getByRole('button', { name: 'New session…' }));
    const form = screen.getByRole('form', { name: 'New session' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'stripe RETRIES' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create and open' }));
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toBe('Creating the session failed: a session named "stripe RETRIES" already exists'));
    expect(screen.getByRole('dialog', { name: 'Sessions' })).toBeTruthy();
    expect(menuButton().textContent).toBe('Default');
  });

  it('renames in place: Enter saves, the header follows; Esc in the field cancels without closing the menu', async () => {
    const fake = twoSessions();
    await mount(fake);
    const menu = openMenu();
    fireEvent.click(within(menu).getByRole('button', { name: 'Rename Default' }));
    let field = within(menu).getByLabelText('New name');
    expect(document.activeElement).toBe(field);
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(within(menu).queryByLabelText('New name')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Sessions' })).toBeTruthy();
    fireEvent.click(within(menu).getByRole('button', { name: 'Rename Default' }));
    field = within(menu).getByLabelText('New name');
    fireEvent.change(field, { target: { value: 'Stripe Retries' } });
    fireEvent.submit(field);
    await waitFor(() => expect(within(menu).getByRole('alert').textContent).toBe('Renaming "Default" failed: a session named "Stripe Retries" already exists'));
    expect(within(menu).getByLabelText('New name')).toBeTruthy();
    fireEvent.change(within(menu).getByLabelText('New name'), { target: { value: 'Shopify orders' } });
    fireEvent.submit(within(menu).getByLabelText('New name'));
    await waitFor(() => expect(menuButton().textContent).toBe('Shopify orders'));
    expect(within(menu).queryByRole('alert')).toBeNull();
    expect(fake.calls.filter((c) => c.name === 'renameSession').at(-1)?.args).toEqual(['default', 'Shopify orders']);
  });

  it('deletes another session after a confirm that names it and says its events go', async () => {
    const fake = twoSessions();
    await mount(fake);
    const menu = openMenu();
    fireEvent.click(within(menu).getByRole('button', { name: 'Delete Stripe retries' }));
    let dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Delete the session "Stripe retries"?');
    expect(dialog.textContent).toContain('All events captured in "Stripe retries" are deleted, on disk too');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.calls.some((c) => c.name === 'deleteSession')).toBe(false);
    fireEvent.click(within(menu).getByRole('button', { name: 'Delete Stripe retries' }));
    dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete session' }));
    await waitFor(() => expect(within(menu).queryByText('Stripe retries')).toBeNull());
    expect(fake.calls.find((c) => c.name === 'deleteSession')?.args).toEqual(['ses_b']);
    expect(useHookscope.getState().sessionList?.sessions.map((s) => s.id)).toEqual(['default']);
  });

  it("shows why a delete was refused: the open session, or the core's own reason", async () => {
    const fake = twoSessions();
    await mount(fake);
    const menu = openMenu();
    const deleteOpen = within(menu).getByRole('button', { name: 'Delete Default' });
    expect(deleteOpen.getAttribute('aria-disabled')).toBe('true');
    expect(within(menu).getByRole('button', { name: 'Delete Stripe retries' }).getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(deleteOpen);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await waitFor(() => expect(within(menu).getByRole('alert').textContent).toBe('Deleting "Default" failed: this session is open: switch to another session first'));
    fake.failNext('deleteSession', 'the session folder is in use');
    fireEvent.click(within(menu).getByRole('button', { name: 'Delete Stripe retries' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete session' }));
    await waitFor(() => expect(within(menu).getByRole('alert').textContent).toBe('Deleting "Stripe retries" failed: the session folder is in use'));
    expect(within(menu).getByText('Stripe retries')).toBeTruthy();
  });

  it('shows a refused switch in the menu and stays on the session', async () => {
    const fake = twoSessions();
    await mount(fake);
    const menu = openMenu();
    fake.failNext('switchSession', 'the events file of this session cannot be read');
    fireEvent.click(within(menu).getByText('Stripe retries'));
    await waitFor(() => expect(within(menu).getByRole('alert').textContent).toBe('Opening "Stripe retries" failed: the events file of this session cannot be read'));
    expect(menuButton().textContent).toBe('Default');
    expect(useHookscope.getState().push).toHaveLength(2);
  });

  it('closes on Esc with focus back on the button, and on a click elsewhere', async () => {
    await mount(twoSessions());
    const menu = openMenu();
    fireEvent.keyDown(within(menu).getAllByRole('button')[0], { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Sessions' })).toBeNull();
    expect(document.activeElement).toBe(menuButton());
    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
    // Focus can fall out of the menu (a button disabled while busy): Esc still closes it.
    openMenu();
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Sessions' })).toBeNull();
    expect(document.activeElement).toBe(menuButton());
    const again = openMenu();
    fireEvent.pointerDown(again);
    expect(screen.queryByRole('dialog', { name: 'Sessions' })).not.toBeNull();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('dialog', { name: 'Sessions' })).toBeNull();
  });

  it("keeps the menu's keys from the app's row shortcuts behind it", async () => {
    const fake = twoSessions();
    binding = bind(fake.api, MICROTASK_FRAMES);
    await binding.ready;
    render(
      <ApiContext.Provider value={fake.api}>
        <App />
      </ApiContext.Provider>,
    );
    const menu = openMenu();
    const item = document.activeElement as HTMLElement;
    expect(menu.contains(item)).toBe(true);
    fireEvent.keyDown(item, { key: 'p' });
    fireEvent.keyDown(item, { key: 'ArrowDown' });
    expect(useHookscope.getState().paused).toBe(false);
    expect(useHookscope.getState().selected).toBeNull();
    // Outside the menu the same key still pauses.
    fireEvent.keyDown(item, { key: 'Escape' });
    fireEvent.keyDown(document.body, { key: 'p' });
    expect(useHookscope.getState().paused).toBe(true);
  });

  it('follows a switch made elsewhere (another window, the CLI) from the `sessions` event alone', async () => {
    const fake = twoSessions();
    await mount(fake);
    await act(async () => {
      await fake.api.switchSession(STRIPE.id);
    });
    await waitFor(() => expect(menuButton().textContent).toBe('Stripe retries'));
    expect(pushedCount()).toBe('1');
  });

  it('does not leave the old rows under the new name when the new snapshot fails to load', async () => {
    const fake = twoSessions();
    await mount(fake);
    fake.failNext('snapshot', 'the core is busy');
    await act(async () => {
      await fake.api.switchSession(STRIPE.id);
    });
    await waitFor(() => expect(menuButton().textContent).toBe('Stripe retries'));
    expect(useHookscope.getState().push).toEqual([]);
    expect(useHookscope.getState().notices.at(-1)?.message).toBe('Could not load the session from the Hookscope core: the core is busy');
  });

  it('has no session button for a core without sessions', async () => {
    const fake = createFakeApi();
    delete fake.snapshot.session;
    await mount(fake);
    expect(screen.queryByRole('button', { name: /^Session: / })).toBeNull();
  });
});
