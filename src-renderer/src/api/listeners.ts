// Event listeners by name, shared by both transports: one failing listener never starves the others.
import type { EventName, Events } from '@contract/api';

type AnyListener = (payload: never) => void;

export interface ListenerRegistry {
  add<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
  emit(name: EventName, payload: unknown): void;
  clear(): void;
}

export function createListenerRegistry(): ListenerRegistry {
  const byName = new Map<EventName, Set<AnyListener>>();
  return {
    add(name, listener) {
      let set = byName.get(name);
      if (!set) {
        set = new Set();
        byName.set(name, set);
      }
      const entry = listener as AnyListener;
      set.add(entry);
      return () => {
        byName.get(name)?.delete(entry);
      };
    },
    emit(name, payload) {
      const set = byName.get(name);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          (listener as (payload: unknown) => void)(payload);
        } catch (err) {
          console.error(`hookscope: listener for "${name}" failed`, err);
        }
      }
    },
    clear: () => byName.clear(),
  };
}
