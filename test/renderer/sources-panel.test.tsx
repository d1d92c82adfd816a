// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PollRecord, PollSourceView } from '../../src-main/contract/model';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { SourcesButton, SourcesPanel } from '../../src-renderer/src/components/sources/sources-panel';
import { useSourcesUi } from '../../src-renderer/src/components/sources/sources-ui';
import { emptyForm, formFromConfig, inputFromForm } from '../../src-renderer/src/lib/source-form';
import { bindApi, type Binding } from '../../src-renderer/src/state/bind-api';
import { resetStore } from '../../src-renderer/src/state/store';
import { createFakeApi, makeSnapshot, T0, type FakeApi } from './fake-api';

let binding: Binding | undefined;
beforeEach(() => {
  resetStore();
  useSourcesUi.getState().close();
});
afterEach(() => {
  binding?.unbind();
  binding = undefined;
  cleanup();
});

const SOURCE: PollSourceView = {
  config: { id: 'gh', name: 'GitHub events', url: 'https://api.github.com/repos/o/r/events', headers: [['Accept', 'application/vnd.github+json']], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: true, auth: { kind: 'bearer' } },
  status: {
    id: 'gh',
    state: 'waiting',
    polls: 12,
    bytes: 5000,
    itemsKnown: 30,
    lastStatus: 304,
    nextPollAt: Date.now() + 30_000,
    budget: { source: 'github', limit: 5000, remaining: 4990, resetAt: Date.now() + 600_000 },
    cost: { polls: 12, requests: 14, bytes: 5000, emptyPolls: 9, notModified: 8, rateLimitWaits: 1, rateLimitWaitMs: 3000, diffs: 4 },
    waitReason: 'the API asks for at most one poll every 60 s (X-Poll-Interval)',
    hasSecret: true,
  },
};

const RECORD: PollRecord = { id: 'r1', sourceId: 'gh', t: T0, receivedAt: new Date(T0).toISOString(), status: 200, durationMs: 120, bytes: 2048, itemCount: 30, newCount: 2, changedCount: 1, removedCount: 0, requests: 2 };

async function mount(fake: FakeApi): Promise<void> {
  binding = bindApi(fake.api);
  render(
    <ApiContext.Provider value={fake.api}>
      <SourcesButton />
      <SourcesPanel />
    </ApiContext.Provider>,
  );
  await act(() => binding!.ready);
}

describe('sources panel', () => {
  it('shows each source: state, status, countdown, budget, cost, wait reason and recent polls', async () => {
    await mount(createFakeApi({ snapshot: makeSnapshot({ sources: [SOURCE], pollRecords: [RECORD] }) }));
    fireEvent.click(screen.getByRole('button', { name: 'Sources…' }));
    const card = screen.getByTestId('source-card-gh');
    expect(card.textContent).toContain('waiting');
    expect(card.textContent).toContain('304');
    expect(card.textContent).toMatch(/in 30s|in 29s/);
    expect(card.textContent).toContain('4,990 of 5,000 left');
    expect(card.textContent).toContain('14 requests');
    expect(card.textContent).toContain('75% empty');
    expect(card.textContent).toContain('8 × 304');
    expect(card.textContent).toContain('1 rate-limit waits');
    expect(card.textContent).toContain('X-Poll-Interval');
    const row = within(card).getAllByRole('row')[1];
    expect(row.textContent).toContain('2 pages');
    expect(row.textContent).toContain('2.0 KB');
  });

  it('adds a source from a template, runs a test request, and saves it with its secret', async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot() });
    await mount(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Sources…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    fireEvent.change(screen.getByLabelText('Template'), { target: { value: 'json-server' } });
    fireEvent.change(screen.getByPlaceholderText('http://127.0.0.1:3000'), { target: { value: 'http://127.0.0.1:3000' } });
    fireEvent.change(screen.getByPlaceholderText('posts'), { target: { value: 'orders' } });
    fireEvent.click(screen.getByRole('button', { name: 'Fill in' }));
    expect(screen.getByPlaceholderText<HTMLInputElement>('https://api.example.com/v1/events').value).toBe('http://127.0.0.1:3000/orders');

    fireEvent.click(screen.getByRole('button', { name: 'Test request' }));
    await waitFor(() => expect(screen.getByTestId('test-result').textContent).toContain('3 items found'));
    expect(screen.getByTestId('test-result').textContent).toContain('[{"id":1},{"id":2},{"id":3}]');

    fireEvent.change(screen.getByRole('combobox', { name: /Auth/ }), { target: { value: 'bearer' } });
    fireEvent.change(screen.getByLabelText('Token'), { target: { value: 'tok-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'upsertPollSource')).toBe(true));
    const saved = fake.calls.find((c) => c.name === 'upsertPollSource')?.args[0];
    expect(saved).toMatchObject({ name: 'json-server orders', url: 'http://127.0.0.1:3000/orders', intervalMs: 2000, auth: { kind: 'bearer' }, secret: 'tok-1' });
  });

  it("shows the core's refusal inside the editor, and keeps the editor open", async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ sources: [SOURCE] }) });
    await mount(fake);
    act(() => useSourcesUi.getState().show('gh'));
    fake.failNext('upsertPollSource', 'invalid poll source (url): must be an http:// or https:// URL');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Saving the source failed: invalid poll source (url): must be an http:// or https:// URL'));
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('refuses a bad form with a message and sends nothing', async () => {
    const fake = createFakeApi({ snapshot: makeSnapshot({ sources: [SOURCE] }) });
    await mount(fake);
    act(() => useSourcesUi.getState().show('gh'));
    expect(screen.getByLabelText<HTMLInputElement>('Token').placeholder).toBe('stored — leave empty to keep');
    fireEvent.change(screen.getByLabelText('Every (s)'), { target: { value: 'soon' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Interval/);
    expect(fake.calls.filter((c) => c.name === 'upsertPollSource')).toEqual([]);
  });
});

describe('source form', () => {
  it('round-trips a config, keeping the stored secret when none is typed', () => {
    const result = inputFromForm(formFromConfig(SOURCE.config));
    expect(result).toEqual({ ok: true, input: { ...SOURCE.config, maxPages: 5 } });
  });

  it('names the bad field', () => {
    expect(inputFromForm({ ...emptyForm(), url: 'http://h/', headers: 'no colon' })).toEqual({ ok: false, error: 'Headers, line 1: expected "Name: value"' });
    expect(inputFromForm({ ...emptyForm(), url: 'http://h/', maxPages: '0' })).toMatchObject({ ok: false, error: /Pages per poll/ });
    expect(inputFromForm({ ...emptyForm(), url: 'http://h/', authKind: 'apiKeyQuery' })).toMatchObject({ ok: false, error: /query parameter/ });
  });
});
