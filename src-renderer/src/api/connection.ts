// The state of the link to the core, observable outside React (useSyncExternalStore-compatible).
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionObservable {
  get(): ConnectionState;
  /** Called on every change (not with the current value); returns an unsubscribe function. */
  subscribe(cb: (state: ConnectionState) => void): () => void;
}

export interface ConnectionCell extends ConnectionObservable {
  set(state: ConnectionState): void;
}

export function createConnectionCell(initial: ConnectionState): ConnectionCell {
  let state = initial;
  const listeners = new Set<(state: ConnectionState) => void>();
  return {
    get: () => state,
    set(next) {
      if (next === state) return;
      state = next;
      for (const cb of [...listeners]) {
        try {
          cb(next);
        } catch (err) {
          console.error('hookscope: connection listener failed', err);
        }
      }
    },
    subscribe(cb) {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
  };
}
