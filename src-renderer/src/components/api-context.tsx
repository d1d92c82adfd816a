// The one HookscopeApi, handed to components that send commands.
import { createContext, useCallback, useContext } from 'react';
import type { HookscopeApi } from '@contract/api';
import { useHookscope } from '../state/store';

export const ApiContext = createContext<HookscopeApi | null>(null);

export function useApi(): HookscopeApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}

/**
 * Runs a command and turns its failure into a visible notice: a click never fails silently.
 * Resolves to the command's value, or undefined when it failed.
 */
export function useCommand(): <T>(what: string, run: (api: HookscopeApi) => Promise<T>) => Promise<T | undefined> {
  const api = useApi();
  const addNotice = useHookscope((s) => s.addNotice);
  return useCallback(
    async <T,>(what: string, run: (api: HookscopeApi) => Promise<T>): Promise<T | undefined> => {
      try {
        return await run(api);
      } catch (err) {
        addNotice({ level: 'error', message: `${what} failed: ${err instanceof Error ? err.message : String(err)}`, t: Date.now() });
        return undefined;
      }
    },
    [api, addNotice],
  );
}
