// The session-list rules on the settings document, without a running session.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-main/core/defaults';
import { checkSessionName, idsInUse, moveToSession, resolveSession } from '../../../src-main/core/sessions/session-index';
import { newSessionState, readSavedState } from '../../../src-main/core/sessions/session-settings';
import { sessionFolder } from '../../../src-main/core/sessions/session-folder';
import type { HookscopeFile } from '../../../src-main/core/store/settings-db';

function file(): HookscopeFile {
  return {
    version: 1,
    settings: { ...structuredClone(DEFAULT_SETTINGS), receiverPort: 5000, match: { pushKey: 'data.id', pollKey: 'id', timePath: '' } },
    sources: [{ id: 'src_a', name: 'A', url: 'http://127.0.0.1:1/', headers: [], intervalMs: 5000, itemsPath: '', idPath: 'id', enabled: true }],
    sessions: [
      { id: 'default', name: 'Session 1', createdAt: '2026-01-01T00:00:00.000Z' },
      { id: 'ses_b', name: 'Stripe', createdAt: '2026-01-02T00:00:00.000Z', saved: newSessionState(DEFAULT_SETTINGS) },
    ],
    currentSessionId: 'default',
  };
}

describe('session index', () => {
  it('moves per-session state in and out of the top level, machine settings stay', () => {
    const data = file();
    moveToSession(data, 'ses_b', DEFAULT_SETTINGS);
    expect(data.currentSessionId).toBe('ses_b');
    expect(data.sources).toEqual([]);
    expect(data.settings.match.pushKey).toBe('id');
    expect(data.settings.demo).toBe(false);
    expect(data.settings.receiverPort).toBe(5000);
    expect(data.sessions[1].saved).toBeUndefined();
    expect(data.sessions[0].saved?.sources.map((s) => s.id)).toEqual(['src_a']);
    moveToSession(data, 'default', DEFAULT_SETTINGS);
    expect(data.sources.map((s) => s.id)).toEqual(['src_a']);
    expect(data.settings.match.pushKey).toBe('data.id');
  });

  it('finds a session by id, then by name ignoring case', () => {
    const { sessions } = file();
    expect(resolveSession(sessions, 'ses_b')?.name).toBe('Stripe');
    expect(resolveSession(sessions, ' stripe ')?.id).toBe('ses_b');
    expect(resolveSession(sessions, 'nope')).toBeUndefined();
  });

  it('checks names', () => {
    expect(checkSessionName(file(), ' New ')).toBe('New');
    expect(() => checkSessionName(file(), 'STRIPE')).toThrow('there is already a session named "Stripe"');
    expect(checkSessionName(file(), 'STRIPE', 'ses_b')).toBe('STRIPE');
  });

  it('lists the source ids other sessions keep', () => {
    const data = file();
    expect([...idsInUse(data, 'default').sources]).toEqual([]);
    expect([...idsInUse(data, 'ses_b').sources]).toEqual(['src_a']);
  });

  it('repairs a damaged saved state instead of failing', () => {
    const state = readSavedState({ settings: { demo: 'yes', match: { pushKey: 7 } }, sources: [{ id: 'broken' }] }, DEFAULT_SETTINGS);
    expect(state).toEqual({ settings: { demo: false, match: DEFAULT_SETTINGS.match }, sources: [] });
  });

  it('never lets an id name a folder outside sessions/', () => {
    expect(() => sessionFolder('/data', '../etc')).toThrow(/cannot name a folder/);
    expect(sessionFolder('/data', 'ses_1')).toMatch(/sessions.ses_1$/);
  });
});
