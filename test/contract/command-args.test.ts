import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src-main/contract/api';
import { isCommandName, parseCommandArgs } from '../../src-main/contract/command-args';

describe('command arguments', () => {
  it('knows exactly the contract commands', () => {
    for (const name of COMMAND_NAMES) expect(isCommandName(name)).toBe(true);
    for (const name of ['toString', 'constructor', '__proto__', '', 'Snapshot', 42, null]) expect(isCommandName(name)).toBe(false);
  });

  it('accepts the contract arity and kinds', () => {
    expect(parseCommandArgs('snapshot', [])).toEqual({ ok: true, args: [] });
    expect(parseCommandArgs('getEvent', ['e1'])).toEqual({ ok: true, args: ['e1'] });
    expect(parseCommandArgs('setDemo', [true])).toEqual({ ok: true, args: [true] });
    const patch = { match: { pushKey: 'id' } };
    expect(parseCommandArgs('updateSettings', [patch])).toEqual({ ok: true, args: [patch] });
  });

  it('names the command and the argument that is wrong', () => {
    expect(parseCommandArgs('getEvent', [7])).toEqual({
      ok: false,
      error: 'bad arguments for getEvent: argument 0: Invalid input: expected string, received number',
    });
    expect(parseCommandArgs('clear', ['extra'])).toMatchObject({ ok: false, error: expect.stringMatching(/^bad arguments for clear: arguments: /) });
    expect(parseCommandArgs('setTunnel', [])).toMatchObject({ ok: false });
    expect(parseCommandArgs('upsertPollSource', [null])).toEqual({
      ok: false,
      error: 'bad arguments for upsertPollSource: argument 0: expected a poll source (an object)',
    });
    expect(parseCommandArgs('snapshot', 'not an array')).toMatchObject({ ok: false });
  });

  it('checks the session commands: a {name, copySettings?} object, ids and names as strings', () => {
    expect(parseCommandArgs('createSession', [{ name: 'Stripe', copySettings: true }])).toEqual({ ok: true, args: [{ name: 'Stripe', copySettings: true }] });
    expect(parseCommandArgs('createSession', [{ name: 7 }])).toEqual({ ok: false, error: 'bad arguments for createSession: argument 0.name: expected a session name (a string)' });
    expect(parseCommandArgs('createSession', [{ name: 'x', extra: 1 }])).toMatchObject({ ok: false });
    expect(parseCommandArgs('createSession', ['Stripe'])).toMatchObject({ ok: false, error: expect.stringContaining('argument 0') });
    expect(parseCommandArgs('renameSession', ['ses_1'])).toMatchObject({ ok: false });
    expect(parseCommandArgs('switchSession', [1])).toMatchObject({ ok: false });
    expect(parseCommandArgs('deleteSession', ['ses_1'])).toEqual({ ok: true, args: ['ses_1'] });
    expect(parseCommandArgs('listSessions', [])).toEqual({ ok: true, args: [] });
  });
});
