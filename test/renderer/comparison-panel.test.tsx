// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { ComparisonPanel } from '../../src-renderer/src/components/comparison-panel';
import { MatchView } from '../../src-renderer/src/components/match-view';
import { type Binding } from '../../src-renderer/src/state/bind-api';
import { bindPerTest } from './bind-per-test';
import { createFakeApi, makeGroup, makePoll, makePush, makeSnapshot, rowOf, type FakeApi } from './fake-api';

let binding: Binding | undefined;
const bind = bindPerTest();

function scenario(pollItem: unknown = { id: 'k1', status: 'paid', updated_at: 'later' }): FakeApi {
  const p1 = makePush({ matchKey: 'k1', body: JSON.stringify({ id: 'k1', status: 'open' }), sourceTime: 0, t: 100 });
  const p2 = makePush({ matchKey: 'k2', t: 200 });
  const q1 = makePoll({ matchKey: 'k1', item: pollItem, t: 1600 });
  const q3 = makePoll({ matchKey: 'k3', t: 1600 });
  const fake = createFakeApi({
    snapshot: makeSnapshot({
      push: [p1, p2].map((e) => rowOf(e)),
      poll: [q1, q3].map((e) => rowOf(e)),
      matches: [makeGroup({ key: 'k1', cls: 'both', pushIds: [p1.id], pollIds: [q1.id], firstPushT: 100, firstPollT: 1600 })],
    }),
  });
  for (const ev of [p1, p2, q1, q3]) fake.events.set(ev.id, ev);
  return fake;
}

async function mount(fake: FakeApi, ui: React.JSX.Element): Promise<void> {
  binding = bind(fake.api);
  render(<ApiContext.Provider value={fake.api}>{ui}</ApiContext.Provider>);
  await act(() => binding!.ready);
}

describe('comparison panel', () => {
  it('fills the table with measured values and says when it cannot draw', async () => {
    await mount(scenario(), <ComparisonPanel />);
    const table = screen.getByTestId('comparison-table');
    await waitFor(() => expect(within(table).getByText('3 events')).toBeTruthy());
    const missed = table.querySelector('[data-row=missed]')!;
    expect(missed.textContent).toContain('1 of 3 · 33.3 %');
    expect(screen.getByTestId('timeline').textContent).toContain('no canvas');
    expect(screen.getByTestId('what-if').textContent).toMatch(/req\/h/);
  });

  it('an empty session says "no pairs yet" and raises no note about source times', async () => {
    await mount(createFakeApi(), <ComparisonPanel />);
    const table = screen.getByTestId('comparison-table');
    await waitFor(() => expect(within(table).getByText('0 events')).toBeTruthy());
    expect(within(table).getAllByText('no pairs yet')).toHaveLength(2);
    expect(within(table).queryByRole('note')).toBeNull();
  });

  it('shows the structural diff of a matched pair, naming stale and added fields', async () => {
    await mount(scenario(), <MatchView matchKey="k1" currentId="x" />);
    const diff = await screen.findByTestId('payload-compare');
    expect(diff.textContent).toContain('2 differences');
    const rows = [...diff.querySelectorAll('tbody tr')].map((r) => r.textContent);
    expect(rows).toEqual(['status"open""paid"different value', 'updated_at—"later"only in the API object']);
  });

  it('says so when the webhook body is not JSON', async () => {
    const fake = scenario();
    const push = [...fake.events.values()].find((e) => e.stream === 'push' && e.matchKey === 'k1')!;
    fake.events.set(push.id, { ...push, body: 'plain text' } as typeof push);
    await mount(fake, <MatchView matchKey="k1" currentId="x" />);
    await waitFor(() => expect(document.body.textContent).toContain('the webhook body is not JSON'));
  });
});

describe('match settings and report export', () => {
  it('sends the edited match keys to the core and shows its refusal', async () => {
    const fake = scenario();
    await mount(fake, <ComparisonPanel />);
    fireEvent.click(await screen.findByRole('button', { name: /keys/ }));
    const form = screen.getByRole('form', { name: 'Match settings' });
    fake.failNext('updateSettings', 'invalid settings (match.pollKey): a dot path has no spaces');
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toMatch(/no spaces/);
    fireEvent.change(within(form).getByPlaceholderText(/header:X-GitHub-Delivery/), { target: { value: '{type}:{data.id}' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Match settings' })).toBeNull());
    const call = fake.calls.filter((c) => c.name === 'updateSettings').at(-1)!;
    expect(call.args[0]).toEqual({ match: { pushKey: '{type}:{data.id}', pollKey: 'id', timePath: '' } });
  });

  it('asks the core for the report in the chosen format', async () => {
    const fake = scenario();
    await mount(fake, <ComparisonPanel />);
    const created: string[] = [];
    URL.createObjectURL = () => {
      created.push('blob');
      return 'blob:x';
    };
    URL.revokeObjectURL = () => undefined;
    fireEvent.click(screen.getByTestId('report-csv'));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(fake.calls.find((c) => c.name === 'report')?.args).toEqual(['csv']);
    fake.failNext('report', 'disk gone');
    fireEvent.click(screen.getByTestId('report-html'));
    expect((await screen.findByRole('alert')).textContent).toBe('failed');
    expect(screen.getByTestId('report-html').closest('[title]')?.getAttribute('title')).toBe('disk gone');
  });
});
