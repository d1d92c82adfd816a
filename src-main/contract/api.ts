// The one contract between the core and any UI. Both transports (Electron IPC, WebSocket) are typed
// from these two maps, on both ends, so a command or event cannot drift between them.
import type {
  HookEvent,
  MatchGroup,
  Notice,
  PollRecord,
  PollRow,
  PollSourceConfig,
  PollSourceView,
  PushRow,
  Settings,
  Snapshot,
  TunnelStatus,
  DemoStatus,
  PollTestResult,
  TestWebhookResult,
  TunnelHealth,
  BodyEncoding,
  HeaderPair,
  ImportResult,
  ReplayResult,
  SigningRule,
  ResponseRule,
  ForwardRecord,
  DecodedBody,
  SessionInfo,
  SessionList,
} from './model';

/** A poll source as the user submits it: the id is given by the core when absent. */
export type PollSourceInput = Omit<PollSourceConfig, 'id'> & {
  id?: string;
  /** The auth secret (token, password, API key). Kept in the secret store, never in the config; '' deletes it, absent keeps it. */
  secret?: string;
};

/** A signing rule as the user submits it. The secret goes to the secret store: '' deletes it, absent keeps it. */
export type SigningRuleInput = Omit<SigningRule, 'id' | 'demo' | 'hasSecret'> & { id?: string; secret?: string };

/** A response rule as the user submits it; the id is given by the core when absent. */
export type ResponseRuleInput = Omit<ResponseRule, 'id' | 'used'> & { id?: string };

/** Where and what to resend; anything left out is taken from the captured request. */
export interface ReplayRequest {
  url: string;
  method?: string;
  headers?: HeaderPair[];
  body?: string;
  bodyEncoding?: BodyEncoding;
}

export type SettingsPatch = Partial<Omit<Settings, 'tunnel' | 'match'>> & {
  tunnel?: Partial<Settings['tunnel']>;
  match?: Partial<Settings['match']>;
};

/** Commands: name → signature. Implementations may return a value or a promise of it. */
export interface Commands {
  snapshot(): Snapshot;
  /** The full event, body or item included; null when it no longer exists. */
  getEvent(id: string): HookEvent | null;
  /** Forget every captured event of the current session. */
  clear(): void;
  setTunnel(enabled: boolean): TunnelStatus;
  setDemo(enabled: boolean): DemoStatus;
  upsertPollSource(input: PollSourceInput): PollSourceView;
  removePollSource(id: string): void;
  updateSettings(patch: SettingsPatch): Settings;
  /** One request with the given source settings, nothing recorded: what came back and the items found. */
  testPollSource(input: PollSourceInput): PollTestResult;
  /** Posts a sample event through the public URL (as a sender would) and reports the round trip. */
  sendTestWebhook(): TestWebhookResult;
  /** The loca.lt reminder-page password: this machine's public IP, asked from the service only now. */
  tunnelPassword(): string;
  /** Signing rules in the order they apply, the demo's own first while the demo runs. */
  signingRules(): SigningRule[];
  upsertSigningRule(input: SigningRuleInput): SigningRule[];
  removeSigningRule(id: string): SigningRule[];
  /** Sends a captured push again (optionally edited) and reports the answer. */
  replayPush(id: string, request: ReplayRequest): ReplayResult;
  /** Adds the requests of a HAR 1.2 file (its JSON text) to the session as pushes. */
  importHar(har: string): ImportResult;
  /** The session's pushes as a HAR 1.2 document (JSON text). */
  exportHar(): string;
  /** The receiver's custom answers, in the order they apply. */
  responseRules(): ResponseRule[];
  upsertResponseRule(input: ResponseRuleInput): ResponseRule[];
  removeResponseRule(id: string): ResponseRule[];
  /** The measured comparison (figures, table, one record per event) as json, csv or a self-contained html page. */
  report(format: 'json' | 'csv' | 'html'): string;
  /**
   * Ids of the stored events whose headers and bodies match the query's header: and body: terms
   * (syntax: contract/search-query.ts; its other terms are applied to rows by the renderer).
   */
  search(query: string): string[];
  /** The automatic forwards of one push (Settings.forwardTo), oldest first. */
  forwards(pushId: string): ForwardRecord[];
  /** A push body with its Content-Encoding undone (capped); null when the push is gone or has no Content-Encoding. */
  decodedBody(pushId: string): DecodedBody | null;
  /** Every named session and which one is open. */
  listSessions(): SessionList;
  /**
   * Starts a new named session and switches to it. `copySettings` takes the current session's
   * per-session settings and poll sources along; otherwise it starts from the defaults.
   */
  createSession(input: NewSessionInput): SessionInfo;
  /** Closes the open session and opens this one; a `sessions` event follows, then the UI reloads its snapshot. */
  switchSession(id: string): SessionInfo;
  renameSession(id: string, name: string): SessionInfo;
  /** Deletes a session that is not open, its events included. */
  deleteSession(id: string): SessionList;
}

export interface NewSessionInput {
  name: string;
  copySettings?: boolean;
}

export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = Parameters<Commands[K]>;
export type CommandResult<K extends CommandName> = Awaited<ReturnType<Commands[K]>>;

/** What a host implements: each command may answer at once or with a promise. */
export type CommandHandlers = {
  [K in CommandName]: (...args: CommandArgs<K>) => CommandResult<K> | Promise<CommandResult<K>>;
};

/** Runtime list of command names, so transports can refuse anything else. */
export const COMMAND_NAMES = [
  'snapshot',
  'getEvent',
  'clear',
  'setTunnel',
  'setDemo',
  'upsertPollSource',
  'removePollSource',
  'updateSettings',
  'testPollSource',
  'sendTestWebhook',
  'tunnelPassword',
  'signingRules',
  'upsertSigningRule',
  'removeSigningRule',
  'replayPush',
  'importHar',
  'exportHar',
  'responseRules',
  'upsertResponseRule',
  'removeResponseRule',
  'report',
  'search',
  'forwards',
  'decodedBody',
  'listSessions',
  'createSession',
  'switchSession',
  'renameSession',
  'deleteSession',
] as const satisfies readonly CommandName[];

// A compile-time check that COMMAND_NAMES lists every command.
type MissingCommand = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
const _allCommandsListed: MissingCommand extends never ? true : never = true;
void _allCommandsListed;

/** Events: name → payload. */
export interface Events {
  push: PushRow;
  /** One poll yields its changes together. */
  poll: PollRow[];
  pollRecord: PollRecord;
  /** Groups whose state changed. */
  match: MatchGroup[];
  sources: PollSourceView[];
  tunnel: TunnelStatus;
  demo: DemoStatus;
  settings: Settings;
  cleared: Record<string, never>;
  notice: Notice;
  tunnelHealth: TunnelHealth;
  /** An automatic forward finished (answered, refused or timed out). */
  forward: ForwardRecord;
  /**
   * The session list changed (created, renamed, deleted, switched). When `currentId` differs from
   * the session the UI shows, everything it holds is stale: it drops it and loads a new snapshot.
   */
  sessions: SessionList;
}

export type EventName = keyof Events;

export const EVENT_NAMES = [
  'push',
  'poll',
  'pollRecord',
  'match',
  'sources',
  'tunnel',
  'demo',
  'settings',
  'cleared',
  'notice',
  'tunnelHealth',
  'forward',
  'sessions',
] as const satisfies readonly EventName[];

type MissingEvent = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const _allEventsListed: MissingEvent extends never ? true : never = true;
void _allEventsListed;

/** What the renderer holds: every command as an async named method, plus subscriptions. */
export type CommandApi = {
  [K in CommandName]: (...args: CommandArgs<K>) => Promise<CommandResult<K>>;
};

export interface HookscopeApi extends CommandApi {
  /** Subscribe to an event; the returned function unsubscribes. */
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
  /**
   * The session this window shows. Every later command carries it, and the core refuses a change to
   * a session's own state (clear, import, a rule or source saved…) when another session is open by
   * then: a window that has not yet heard of a switch never writes into a session it did not show.
   */
  setShownSession(id: string | null): void;
  /** Which transport carries this API, for display only. */
  readonly transport: 'ipc' | 'websocket';
}

/** Something that answers commands and emits events: the session, or a test double of it. */
/** What a transport knows about a call beyond its arguments. */
export interface CallContext {
  /** The session the calling window showed when it sent the call (see HookscopeApi.setShownSession). */
  shownSession?: string;
}

export interface ContractHost {
  handle<K extends CommandName>(name: K, args: CommandArgs<K>, context?: CallContext): Promise<CommandResult<K>>;
  subscribe(listener: <K extends EventName>(name: K, payload: Events[K]) => void): () => void;
}

// Wire messages of the WebSocket transport.
export type ClientMessage = { type: 'call'; id: number; name: CommandName; args: unknown[]; session?: string };
export type ServerMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string }
  | { type: 'event'; name: EventName; payload: unknown };

/** IPC channel names, one scheme for both directions. */
export const IPC_COMMAND_CHANNEL = (name: CommandName): string => `hookscope:cmd:${name}`;
export const IPC_EVENT_CHANNEL = 'hookscope:event';
