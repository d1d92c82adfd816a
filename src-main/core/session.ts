// STUB — the lead is writing the real session; the signature below is final.
import type { CommandArgs, CommandName, CommandResult, ContractHost, EventName, Events } from '../contract/api';

export interface SessionOptions {
  dataDir: string;
  /** Settings given on the command line override the stored ones for this run. */
  overrides?: Record<string, unknown>;
}

export interface Session extends ContractHost {
  readonly receiverUrl: string;
  close(): Promise<void>;
}

export function createSession(_opts: SessionOptions): Promise<Session> {
  const host: Session = {
    receiverUrl: '',
    handle<K extends CommandName>(_name: K, _args: CommandArgs<K>): Promise<CommandResult<K>> {
      return Promise.reject(new Error('not implemented'));
    },
    subscribe(_listener: <E extends EventName>(name: E, payload: Events[E]) => void) {
      return () => undefined;
    },
    close: () => Promise.resolve(),
  };
  return Promise.resolve(host);
}
