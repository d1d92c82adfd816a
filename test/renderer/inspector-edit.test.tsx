// @vitest-environment happy-dom
// Editing existing signing and response rules in the Inspector panel: the form fills from the rule,
// an empty secret keeps the stored one, and the core's refusals show beside the form.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ResponseRule, SigningRule } from '@contract/model';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { InspectorButton } from '../../src-renderer/src/components/inspector-panel';
import { type Binding } from '../../src-renderer/src/state/bind-api';
import { useHookscope } from '../../src-renderer/src/state/store';
import { bindPerTest, MICROTASK_FRAMES } from './bind-per-test';
import { createFakeApi, type FakeApi } from './fake-api';

let binding: Binding | undefined;
const bind = bindPerTest();

const SIGNING: SigningRule[] = [
  { id: 'demo', scheme: 'standard-webhooks', path: '/demo/*', demo: true },
  { id: 'sig_gh', scheme: 'github', path: '/gh', hasSecret: true },
  { id: 'sig_tw', scheme: 'twilio', path: '/sms', toleranceSec: 60, publicUrl: 'https://me.loca.lt', hasSecret: false },
];
const RESPONSES: ResponseRule[] = [{ id: 'resp_1', method: 'POST', path: '/flaky', status: 500, headers: [['Retry-After', '5']], body: 'try later', delayMs: 1500, times: 1, used: 1 }];

/** A fake whose list commands answer with existing rules (the shared fake starts empty). */
async function open(): Promise<FakeApi> {
  const fake = createFakeApi();
  fake.api.signingRules = () => Promise.resolve(structuredClone(SIGNING));
  fake.api.responseRules = () => Promise.resolve(structuredClone(RESPONSES));
  binding = bind(fake.api, MICROTASK_FRAMES);
  await binding.ready;
  render(
    <ApiContext.Provider value={fake.api}>
      <InspectorButton />
    </ApiContext.Provider>,
  );
  fireEvent.click(screen.getByText('Inspector…'));
  await waitFor(() => expect(screen.getAllByTestId('signing-rule')).toHaveLength(3));
  await waitFor(() => expect(screen.getAllByTestId('response-rule')).toHaveLength(1));
  return fake;
}

const value = (label: string): string => screen.getByLabelText<HTMLInputElement>(label).value;
const argsOf = (fake: FakeApi, name: string): unknown[][] => fake.calls.filter((c) => c.name === name).map((c) => c.args);

describe('editing a signing rule', () => {
  it('fills the form from the rule and keeps the stored secret when the field is left empty', async () => {
    const fake = await open();
    // The demo's rule belongs to the demo switch: no edit or remove.
    expect(within(screen.getAllByTestId('signing-rule')[0]).queryByRole('button')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the GitHub rule for /gh' }));
    const form = screen.getByRole('form', { name: 'Edit signing rule' });
    expect(value('Signing scheme')).toBe('github');
    expect(value('Signing path')).toBe('/gh');
    expect(value('Signing secret')).toBe('');
    expect(screen.getByLabelText('Signing secret').getAttribute('placeholder')).toBe('stored — leave empty to keep');
    fireEvent.change(screen.getByLabelText('Signing path'), { target: { value: '/github/*' } });
    fireEvent.change(screen.getByLabelText('Tolerance in seconds'), { target: { value: '120' } });
    const save = within(form).getByRole<HTMLButtonElement>('button', { name: 'Save rule' });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(screen.getByRole('form', { name: 'New signing rule' })).toBeTruthy());
    // No secret key at all: absent keeps the stored secret, while '' would delete it.
    expect(argsOf(fake, 'upsertSigningRule')).toEqual([[{ id: 'sig_gh', scheme: 'github', path: '/github/*', toleranceSec: 120 }]]);
    expect(screen.getByRole('button', { name: 'Add rule' })).toBeTruthy();
  });

  it('sends a new secret, the Twilio public URL and tolerance it was filled with', async () => {
    const fake = await open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the Twilio rule for /sms' }));
    expect(value('Tolerance in seconds')).toBe('60');
    expect(value('Public URL')).toBe('https://me.loca.lt');
    expect(screen.getByLabelText('Signing secret').getAttribute('placeholder')).toBe('none stored yet');
    fireEvent.change(screen.getByLabelText('Signing secret'), { target: { value: 'auth-token-2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(argsOf(fake, 'upsertSigningRule')).toHaveLength(1));
    expect(argsOf(fake, 'upsertSigningRule')[0]).toEqual([{ id: 'sig_tw', scheme: 'twilio', path: '/sms', secret: 'auth-token-2', toleranceSec: 60, publicUrl: 'https://me.loca.lt' }]);
  });

  it('shows the core’s refusal beside the form, keeps the edit open, and cancels back to a new rule', async () => {
    const fake = await open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the GitHub rule for /gh' }));
    fireEvent.change(screen.getByLabelText('Signing scheme'), { target: { value: 'standard-webhooks' } });
    fireEvent.change(screen.getByLabelText('Signing secret'), { target: { value: 'whpk_AAAA' } });
    fake.failNext('upsertSigningRule', 'signing rule: secret: invalid Standard Webhooks public key: "whpk_" must be followed by the base64 of a 32-byte Ed25519 public key');
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    const form = screen.getByRole('form', { name: 'Edit signing rule' });
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toMatch(/^Saving the signing rule failed: .*invalid Standard Webhooks public key/));
    expect(useHookscope.getState().notices).toEqual([]);
    expect(value('Signing secret')).toBe('whpk_AAAA');
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('form', { name: 'New signing rule' })).toBeTruthy();
    expect(value('Signing path')).toBe('*');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Add rule' }).disabled).toBe(true);
  });

  it('also shows a refusal of a new rule beside the form', async () => {
    const fake = await open();
    fireEvent.change(screen.getByLabelText('Signing path'), { target: { value: 'no-slash' } });
    fireEvent.change(screen.getByLabelText('Signing secret'), { target: { value: 's' } });
    fake.failNext('upsertSigningRule', 'signing rule: path: the path starts with / (end it with * for a prefix) or is * for every path');
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    const form = screen.getByRole('form', { name: 'New signing rule' });
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain('the path starts with /'));
  });
});

describe('editing a response rule', () => {
  it('fills the form from the rule and saves it under the same id', async () => {
    const fake = await open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the response rule for POST /flaky' }));
    const form = screen.getByRole('form', { name: 'Edit response rule' });
    expect(form.textContent).toContain('saving it starts its count again');
    expect(value('Response method')).toBe('POST');
    expect(value('Response path')).toBe('/flaky');
    expect(value('Response status')).toBe('500');
    expect(value('Response delay in seconds')).toBe('1.5');
    expect(value('Apply to the first N requests')).toBe('1');
    expect(value('Response headers')).toBe('Retry-After: 5');
    expect(value('Response body')).toBe('try later');
    fireEvent.change(screen.getByLabelText('Response status'), { target: { value: '503' } });
    fireEvent.change(screen.getByLabelText('Apply to the first N requests'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save response rule' }));
    await waitFor(() => expect(screen.getByRole('form', { name: 'New response rule' })).toBeTruthy());
    expect(argsOf(fake, 'upsertResponseRule')).toEqual([[{ id: 'resp_1', method: 'POST', path: '/flaky', status: 503, headers: [['Retry-After', '5']], body: 'try later', delayMs: 1500 }]]);
  });

  it('shows the core’s refusal beside the form instead of a banner', async () => {
    const fake = await open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the response rule for POST /flaky' }));
    fireEvent.change(screen.getByLabelText('Response status'), { target: { value: '99' } });
    fake.failNext('upsertResponseRule', 'response rule: status: the status is from 200 to 599');
    fireEvent.click(screen.getByRole('button', { name: 'Save response rule' }));
    const form = screen.getByRole('form', { name: 'Edit response rule' });
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toBe('Saving the response rule failed: response rule: status: the status is from 200 to 599'));
    expect(useHookscope.getState().notices).toEqual([]);
  });

  it('removes a rule being edited and goes back to a new one', async () => {
    const fake = await open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit the response rule for POST /flaky' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove the response rule for POST /flaky' }));
    await waitFor(() => expect(screen.queryAllByTestId('response-rule')).toHaveLength(0));
    expect(argsOf(fake, 'removeResponseRule')).toEqual([['resp_1']]);
    expect(screen.getByRole('form', { name: 'New response rule' })).toBeTruthy();
  });
});
