// Which settings belong to a session and which to the machine. A session is a piece of work (these
// sources, this demo, these match keys and inspector rules); the receiver port, body limit, retention
// and tunnel are the machine's, so switching sessions never moves the URL senders deliver to.
import type { SettingsPatch } from '../../contract/api';
import type { MatchSettings, PollSourceConfig, Settings } from '../../contract/model';
import { isPollSource } from '../store/settings-shape';

export const SESSION_SETTING_KEYS = ['demo', 'match', 'signing', 'responses', 'forwardTo'] as const;
export type SessionSettings = Pick<Settings, (typeof SESSION_SETTING_KEYS)[number]>;

/** What a session that is not open keeps in the settings file (the open one's lives at the top level). */
export interface SavedSessionState {
  settings: SessionSettings;
  sources: PollSourceConfig[];
}

export function sessionPart(settings: Settings): SessionSettings {
  return {
    demo: settings.demo,
    match: structuredClone(settings.match),
    ...(settings.signing !== undefined && { signing: structuredClone(settings.signing) }),
    ...(settings.responses !== undefined && { responses: structuredClone(settings.responses) }),
    ...(settings.forwardTo !== undefined && { forwardTo: settings.forwardTo }),
  };
}

/** The machine's settings with a session's part laid over them; a missing part means none set. */
export function withSessionPart(machine: Settings, part: SessionSettings): Settings {
  const { signing: _s, responses: _r, forwardTo: _f, ...rest } = machine;
  return {
    ...rest,
    demo: part.demo,
    match: structuredClone(part.match),
    ...(part.signing !== undefined && { signing: structuredClone(part.signing) }),
    ...(part.responses !== undefined && { responses: structuredClone(part.responses) }),
    ...(part.forwardTo !== undefined && { forwardTo: part.forwardTo }),
  };
}

/**
 * A new session's state: the defaults with the demo off (a named session is for real work), or a
 * copy of the open session's. Copied sources keep their ids, so they keep their stored secrets.
 */
export function newSessionState(defaults: Settings, copyFrom?: SavedSessionState): SavedSessionState {
  if (copyFrom) return structuredClone(copyFrom);
  return { settings: { ...sessionPart(defaults), demo: false }, sources: [] };
}

/** A saved state read back from the file, repaired field by field against the defaults. */
export function readSavedState(value: unknown, defaults: Settings): SavedSessionState {
  const fallback = newSessionState(defaults);
  if (!isObject(value)) return fallback;
  const settings = isObject(value.settings) ? value.settings : {};
  const match = isObject(settings.match) ? settings.match : {};
  const defaultMatch = defaults.match;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  return {
    settings: {
      demo: typeof settings.demo === 'boolean' ? settings.demo : false,
      match: {
        ...(match as Partial<MatchSettings>),
        pushKey: str(match.pushKey, defaultMatch.pushKey),
        pollKey: str(match.pollKey, defaultMatch.pollKey),
        timePath: str(match.timePath, defaultMatch.timePath),
      },
      ...(Array.isArray(settings.signing) && { signing: settings.signing as Settings['signing'] }),
      ...(Array.isArray(settings.responses) && { responses: settings.responses as Settings['responses'] }),
      ...(typeof settings.forwardTo === 'string' && { forwardTo: settings.forwardTo }),
    },
    sources: Array.isArray(value.sources) ? value.sources.filter(isPollSource) : [],
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Command-line flags that set per-session fields apply to every session opened in that run (they
 * describe the run). `demo` only when off: `serve --no-demo` means no demo in this run, but `serve`
 * passes `demo: true` by default, and that must not turn the demo on in every session switched to.
 */
export function runOverrides(patch: SettingsPatch): SettingsPatch {
  return {
    ...(patch.demo === false && { demo: false }),
    ...(patch.match !== undefined && { match: patch.match }),
    ...(patch.signing !== undefined && { signing: patch.signing }),
    ...(patch.responses !== undefined && { responses: patch.responses }),
    ...(patch.forwardTo !== undefined && { forwardTo: patch.forwardTo }),
  };
}
