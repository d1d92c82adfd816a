// @vitest-environment happy-dom
// Forms about the open session's state must not outlive a switch made from another window: saved
// after it, they would clear or write into a session their user never looked at.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { HeaderBar } from '../../src-renderer/src/components/header-bar';
import { MatchSettingsButton } from '../../src-renderer/src/components/match-settings';
import { SourcesPanel } from '../../src-renderer/src/components/sources/sources-panel';
import { useSourcesUi } from '../../src-renderer/src/components/sources/sources-ui';
import { useHookscope } from '../../src-renderer/src/state/store';
import { bindPerTest, MICROTASK_FRAMES } from './bind-per-test';
import { createFakeApi, makeSessionInfo, type FakeApi } from './fake-api';

const bind = bindPerTest();
const OTHER = makeSessionInfo({ id: 'ses_b', name: 'Other', createdAt: '2025-01-16T10:00:00.000Z' });

beforeEach(() => useSourcesUi.getState().close());

async function mount(
  ui: React.JSX.Element = (
    <>
      <HeaderBar />
      <SourcesPanel />
    </>
  ),
): Promise<FakeApi> {
  const fake = createFakeApi();
  fake.sessions.sessions.push(OTHER);
  const binding = bind(fake.api, MICROTASK_FRAMES);
  await binding.ready;
  render(<ApiContext.Provider value={fake.api}>{ui}</ApiContext.Provider>);
  return fake;
}

describe('a session switch made elsewhere', () => {
  it('closes the Clear question asked about the session left', async () => {
    const fake = await mount();
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByText('Clear this session?')).toBeTruthy();
    await act(async () => {
      await fake.api.switchSession(OTHER.id);
    });
    await waitFor(() => expect(screen.queryByText('Clear this session?')).toBeNull());
    expect(useHookscope.getState().notices.map((n) => n.message)).toContain('Session "Other" was opened, so the Clear question was closed without changing anything.');
    expect(fake.calls.some((c) => c.name === 'clear')).toBe(false);
  });

  it('closes the match keys form, so keys typed for the session left are not applied to the new one', async () => {
    const fake = await mount(<MatchSettingsButton />);
    fireEvent.click(screen.getByRole('button', { name: /^keys/ }));
    expect(screen.getByRole('form', { name: 'Match settings' })).toBeTruthy();
    await act(async () => {
      await fake.api.switchSession(OTHER.id);
    });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Match settings' })).toBeNull());
    expect(useHookscope.getState().notices.map((n) => n.message)).toContain('Session "Other" was opened, so the match keys form was closed without changing anything.');
    expect(fake.calls.some((c) => c.name === 'updateSettings')).toBe(false);
  });

  it('says nothing when no question or form was open', async () => {
    const fake = await mount();
    await act(async () => {
      await fake.api.switchSession(OTHER.id);
    });
    await waitFor(() => expect(useHookscope.getState().session?.id).toBe(OTHER.id));
    expect(useHookscope.getState().notices.filter((n) => n.level === 'warn')).toEqual([]);
  });

  it('closes a poll source form being filled in, and keeps the drawer open on the new session', async () => {
    const fake = await mount();
    fireEvent.click(screen.getByRole('button', { name: /^Sources/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    expect(screen.queryByRole('button', { name: 'Add source' })).toBeNull();
    await act(async () => {
      await fake.api.switchSession(OTHER.id);
    });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add source' })).toBeTruthy());
    expect(screen.getByRole('dialog', { name: 'Poll sources' })).toBeTruthy();
    expect(useHookscope.getState().notices.map((n) => n.message)).toContain('Session "Other" was opened, so the poll source form was closed without changing anything.');
  });
});
