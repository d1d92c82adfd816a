// What the Inspector's rule sections (signing, responses) share: the list loaded from the core,
// the rule picked for editing, removal, and a form's save with its error shown beside the form.
import { useCallback, useEffect, useState } from 'react';
import type { HookscopeApi } from '@contract/api';
import { useApi, useCommand } from './api-context';

export interface RuleList<R extends { id: string }> {
  /** null until the first load answers. */
  rules: R[] | null;
  editingId: string | null;
  editing: R | undefined;
  setEditingId: (id: string | null) => void;
  remove: (id: string) => void;
  /** A save's answer: the new list, and the form goes back to "new rule". */
  saved: (rules: R[]) => void;
}

/** `load` and `removeRule` must be stable (module-level functions). */
export function useRuleList<R extends { id: string }>(
  what: string,
  load: (api: HookscopeApi) => Promise<R[]>,
  removeRule: (api: HookscopeApi, id: string) => Promise<R[]>,
): RuleList<R> {
  const run = useCommand();
  const [rules, setRules] = useState<R[] | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  useEffect(() => {
    // A save that answered first carries the newer list; the initial load must not overwrite it.
    void run(`Loading the ${what}`, load).then((r) => r && setRules((shown) => shown ?? r));
  }, [run, what, load]);
  const remove = (id: string): void => {
    void run('Removing the rule', (api) => removeRule(api, id)).then((r) => {
      if (!r) return;
      setRules(r);
      setEditingId((current) => (current === id ? null : current));
    });
  };
  const saved = useCallback((r: R[]) => {
    setRules(r);
    setEditingId(null);
  }, []);
  return { rules, editingId, editing: rules?.find((r) => r.id === editingId), setEditingId, remove, saved };
}

/**
 * A rule form's save: `build` turns the fields into the command's input (throwing a message the
 * user can act on), `send` runs it; the core's refusal shows beside the form being filled in.
 */
export function useRuleSave<I, R>(
  what: string,
  send: (api: HookscopeApi, input: I) => Promise<R[]>,
  onSaved: (rules: R[]) => void,
): { busy: boolean; error: string | null; save: (build: () => I, after?: () => void) => Promise<void> } {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (build: () => I, after?: () => void): Promise<void> => {
    let input: I;
    try {
      input = build();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    setBusy(true);
    try {
      onSaved(await send(api, input));
      after?.();
      setError(null);
    } catch (err) {
      setError(`Saving the ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    setBusy(false);
  };
  return { busy, error, save };
}
