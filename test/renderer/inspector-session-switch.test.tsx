// @vitest-environment happy-dom
// The Inspector panel holds the rules it loaded. When another window switches the session while the
// panel is open, what it lists (and would edit or remove by id) must become the new session's.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ResponseRule, SigningRule } from '@contract/model';
import { ApiContext } from '../../src-renderer/src/components/api-context';
import { InspectorButton } from '../../src-renderer/src/components/inspector-panel';
import { type Binding } from '../../src-renderer/src/state/bind-api';
import { bindPerTest, MICROTASK_FRAMES } from './bind-per-test';
import { createFakeApi, makeSessionInfo } from './fake-api';

let binding: Binding | undefined;
const bind = bindPerTest();

const OTHER = makeSessionInfo({ id: 'ses_b', name: 'Other', createdAt: '2025-01-16T10:00:00.000Z' });

describe('Inspector panel across a session switch', () => {
  it("lists the new session's signing and response rules after a switch made elsewhere", async () => {
    const fake = createFakeApi();
    fake.sessions.sessions.push(OTHER);
    const first = fake.sessions.currentId;
    const signing: Record<string, SigningRule[]> = {
      [first]: [{ id: 'sig_a', scheme: 'github', path: '/only-in-a', hasSecret: true }],
      [OTHER.id]: [{ id: 'sig_b', scheme: 'stripe', path: '/only-in-b', hasSecret: true }],
    };
    const responses: Record<string, ResponseRule[]> = {
      [first]: [{ id: 'resp_a', method: 'POST', path: '/resp-a', status: 500, headers: [], body: '', delayMs: 0, used: 0 }],
      [OTHER.id]: [],
    };
    fake.api.signingRules = () => Promise.resolve(structuredClone(signing[fake.sessions.currentId] ?? []));
    fake.api.responseRules = () => Promise.resolve(structuredClone(responses[fake.sessions.currentId] ?? []));
    binding = bind(fake.api, MICROTASK_FRAMES);
    await binding.ready;
    render(
      <ApiContext.Provider value={fake.api}>
        <InspectorButton />
      </ApiContext.Provider>,
    );
    fireEvent.click(screen.getByText('Inspector…'));
    await waitFor(() => expect(screen.getByText('/only-in-a')).toBeTruthy());
    expect(screen.getByText('/resp-a')).toBeTruthy();

    await act(async () => {
      await fake.api.switchSession(OTHER.id);
    });
    await waitFor(() => expect(screen.getByText('/only-in-b')).toBeTruthy());
    expect(screen.queryByText('/only-in-a')).toBeNull();
    expect(screen.queryByText('/resp-a')).toBeNull();
  });
});
