// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { InspectorButton } from '../../src-renderer/src/components/inspector-panel';
import { ReplayPanel } from '../../src-renderer/src/components/replay-panel';
import { SignatureBadge, SignatureMark } from '../../src-renderer/src/components/signature-badge';
import { type Binding } from '../../src-renderer/src/state/bind-api';
import { useHookscope } from '../../src-renderer/src/state/store';
import { bindPerTest, MICROTASK_FRAMES } from './bind-per-test';
import { createFakeApi, makePush, type FakeApi } from './fake-api';

let binding: Binding | undefined;
const bind = bindPerTest();

async function mount(fake: FakeApi, ui: React.JSX.Element): Promise<void> {
  binding = bind(fake.api, MICROTASK_FRAMES);
  await binding.ready;
  render(<ApiContext.Provider value={fake.api}>{ui}</ApiContext.Provider>);
}

describe('signature verdicts', () => {
  it('shows valid, invalid with its reason, and not checked', () => {
    render(
      <>
        <SignatureBadge check={{ result: 'valid', scheme: 'stripe' }} />
        <SignatureBadge check={{ result: 'invalid', scheme: 'github', reason: 'bad signature' }} />
        <SignatureBadge check={undefined} />
        <SignatureMark check={{ result: 'invalid', scheme: 'slack', reason: 'stale timestamp' }} />
        <SignatureMark check={{ result: 'unchecked', reason: 'no signing rule for this path' }} />
      </>,
    );
    const badges = screen.getAllByTestId('signature-badge');
    expect(badges.map((b) => b.textContent)).toEqual(['signature valid', 'signature invalid · bad signature', 'signature not checked']);
    expect(badges[0].getAttribute('title')).toBe('Stripe signature valid');
    expect(screen.getByLabelText('Slack signature invalid: stale timestamp').textContent).toBe('✗');
    expect(screen.queryAllByLabelText(/not checked/)).toHaveLength(0);
  });
});

describe('replay panel', () => {
  it('shows the curl command and sends the edited request, then its answer', async () => {
    const fake = createFakeApi();
    const ev = makePush({ id: 'push_9', method: 'POST', path: '/hooks/a', query: 'x=1', headers: [['Content-Type', 'application/json']], body: '{"a":1}', bodyEncoding: 'utf8' });
    await mount(fake, <ReplayPanel ev={ev} />);
    const receiver = useHookscope.getState().receiverUrl;
    expect(screen.getByTestId('curl-command').textContent).toContain(`'${receiver}/hooks/a?x=1'`);
    fireEvent.change(screen.getByLabelText('Target URL'), { target: { value: 'http://127.0.0.1:9/replayed' } });
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'put' } });
    fireEvent.click(screen.getByText('Send'));
    await waitFor(() => expect(screen.getByTestId('replay-result').textContent).toContain('200 OK'));
    expect(fake.calls.find((c) => c.name === 'replayPush')?.args).toEqual([
      'push_9',
      { url: 'http://127.0.0.1:9/replayed', method: 'PUT', headers: [['Content-Type', 'application/json']], body: '{"a":1}', bodyEncoding: 'utf8' },
    ]);
  });

  it('explains a bad target instead of sending', async () => {
    const fake = createFakeApi();
    await mount(fake, <ReplayPanel ev={makePush({ id: 'p1' })} />);
    fireEvent.change(screen.getByLabelText('Target URL'), { target: { value: 'nowhere' } });
    fireEvent.click(screen.getByText('Send'));
    expect(screen.getByText('the target must be an http:// or https:// URL')).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'replayPush')).toBe(false);
  });
});

describe('inspector panel', () => {
  it('adds a signing rule with its secret and imports a HAR file', async () => {
    const fake = createFakeApi();
    await mount(fake, <InspectorButton />);
    fireEvent.click(screen.getByText('Inspector…'));
    await waitFor(() => expect(screen.getByText(/No rules yet/)).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Signing scheme'), { target: { value: 'github' } });
    fireEvent.change(screen.getByLabelText('Signing path'), { target: { value: '/gh' } });
    fireEvent.change(screen.getByLabelText('Signing secret'), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByText('Add rule'));
    await waitFor(() => expect(screen.getAllByTestId('signing-rule')).toHaveLength(1));
    expect(fake.calls.find((c) => c.name === 'upsertSigningRule')?.args).toEqual([{ scheme: 'github', path: '/gh', secret: 's3cret' }]);
    expect(screen.getByTestId('signing-rule').textContent).toContain('GitHub');

    const file = new File(['{"log":{"entries":[]}}'], 'x.har', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Import HAR file'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByTestId('import-result').textContent).toContain('Imported 1 event'));
    expect(fake.calls.find((c) => c.name === 'importHar')?.args).toEqual(['{"log":{"entries":[]}}']);
  });

  it('adds a custom response rule and refuses a delay over 30 s before sending it', async () => {
    const fake = createFakeApi();
    await mount(fake, <InspectorButton />);
    fireEvent.click(screen.getByText('Inspector…'));
    fireEvent.change(screen.getByLabelText('Response path'), { target: { value: '/stripe' } });
    fireEvent.change(screen.getByLabelText('Response delay in seconds'), { target: { value: '45' } });
    fireEvent.click(screen.getByText('Add response rule'));
    expect(screen.getByText('the delay is from 0 to 30 s')).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'upsertResponseRule')).toBe(false);
    fireEvent.change(screen.getByLabelText('Response delay in seconds'), { target: { value: '1.5' } });
    fireEvent.change(screen.getByLabelText('Apply to the first N requests'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Response headers'), { target: { value: 'Retry-After: 5' } });
    fireEvent.click(screen.getByText('Add response rule'));
    await waitFor(() => expect(screen.getAllByTestId('response-rule')).toHaveLength(1));
    expect(fake.calls.find((c) => c.name === 'upsertResponseRule')?.args).toEqual([
      { method: 'POST', path: '/stripe', status: 500, headers: [['Retry-After', '5']], body: '', delayMs: 1500, times: 1 },
    ]);
    expect(screen.getByTestId('response-rule').textContent).toContain('500 · after 1.5 s · first 1 (0 used)');
  });
});
