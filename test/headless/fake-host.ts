// A ContractHost double: records calls, answers a few, fails on request, emits events on demand.
import type { CallContext, CommandArgs, CommandName, CommandResult, ContractHost, EventName, Events } from '../../src-main/contract/api';

type Listener = <K extends EventName>(name: K, payload: Events[K]) => void;

export interface FakeHost extends ContractHost {
  calls: Array<{ name: CommandName; args: unknown[]; shownSession?: string }>;
  emit<K extends EventName>(name: K, payload: Events[K]): void;
  listenerCount(): number;
  /** Commands that never answer, to test dropped connections. */
  hang: Set<CommandName>;
}

export function createFakeHost(): FakeHost {
  const listeners = new Set<Listener>();
  const calls: FakeHost['calls'] = [];
  const hang = new Set<CommandName>();
  return {
    calls,
    hang,
    handle<K extends CommandName>(name: K, args: CommandArgs<K>, context: CallContext = {}): Promise<CommandResult<K>> {
      calls.push(context.shownSession === undefined ? { name, args: [...args] } : { name, args: [...args], shownSession: context.shownSession });
      if (hang.has(name)) return new Promise(() => undefined);
      switch (name) {
        case 'getEvent':
          if (args[0] === 'boom') return Promise.reject(new Error('event store is unreadable'));
          return Promise.resolve(null as CommandResult<K>);
        case 'setTunnel':
          return Promise.resolve({ state: args[0] ? 'connecting' : 'off', since: 1, host: 'https://lt.example' } as CommandResult<K>);
        case 'clear':
          return Promise.resolve(undefined as CommandResult<K>);
        case 'removePollSource':
          return Promise.reject(new Error(`no poll source "${args[0] as string}"`));
        default:
          return Promise.resolve({ fake: name } as unknown as CommandResult<K>);
      }
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(name, payload) {
      for (const listener of listeners) listener(name, payload);
    },
    listenerCount: () => listeners.size,
  };
}
