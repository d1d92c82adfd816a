// Runs a callback when the session this window shows changes (a switch made here or in another
// window), never on the first render: what a form or question was about may no longer be on screen.
import { useEffect, useRef } from 'react';
import { shownSessionName } from '../state/sessions-slice';
import { useHookscope } from '../state/store';

export function useOnSessionChange(onChange: (name: string) => void): void {
  const id = useHookscope((s) => s.session?.id);
  const seen = useRef(id);
  const latest = useRef(onChange);
  // Declared first, so it runs first: the effect below calls this render's callback.
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (seen.current === id) return;
    seen.current = id;
    latest.current(shownSessionName(useHookscope.getState()) ?? 'another session');
  }, [id]);
}

/** The notice for a form that a switch closed before it was saved. */
export function closedBySwitch(what: string, name: string): { level: 'warn'; message: string; t: number } {
  return { level: 'warn', message: `Session "${name}" was opened, so ${what} was closed without changing anything.`, t: Date.now() };
}
