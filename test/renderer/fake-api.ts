// An in-memory HookscopeApi for renderer tests: answers commands from a snapshot it holds and
// lets the test emit any core event.
import type { Commands, EventName, Events, HookscopeApi } from '@contract/api';
import type {
  DecodedBody,
  ForwardRecord,
  DemoStatus,
  HookEvent,
  MatchGroup,
  PollEvent,
  PollRow,
  PushEvent,
  PushRow,
  SessionInfo,
  SessionList,
  Settings,
  Snapshot,
  TunnelStatus,
} from '@contract/model';
import type { ConnectionAware } from '../../src-renderer/src/state/bind-api';
import type { ConnectionState } from '../../src-renderer/src/state/view-slice';

export const T0 = Date.UTC(2025, 0, 15, 9, 30, 0, 0);

export function makeSettings(over: Partial<Settings> = {}): Settings {
  return {
    receiverPort: 4000,
    maxBodyBytes: 25 * 1024 * 1024,
    retentionPerStream: 50_000,
    demo: false,
    tunnel: { enabled: false, host: 'https://localtunnel.me' },
    match: { pushKey: 'id', pollKey: 'id', timePath: '' },
    ...over,
  };
}

let seq = 0;

export function makePush(over: Partial<PushEvent> = {}): PushEvent {
  seq++;
  const t = over.t ?? T0 + seq * 10;
  return {
    id: `push_${seq}`,
    stream: 'push',
    receivedAt: new Date(t).toISOString(),
    t,
    summary: 'invoice.paid',
    size: 120,
    method: 'POST',
    path: '/hook',
    query: '',
    contentType: 'application/json',
    remoteAddress: '127.0.0.1',
    via: 'direct',
    status: 200,
    headers: [['content-type', 'application/json']],
    body: '{"id":"evt_1"}',
    bodyEncoding: 'utf8',
    ...over,
  };
}

export function makePoll(over: Partial<PollEvent> = {}): PollEvent {
  seq++;
  const t = over.t ?? T0 + seq * 10;
  return {
    id: `poll_${seq}`,
    stream: 'poll',
    receivedAt: new Date(t).toISOString(),
    t,
    summary: 'invoice in_1',
    size: 80,
    sourceId: 'src_1',
    pollId: 'rec_1',
    itemId: `item_${seq}`,
    change: 'new',
    item: { id: 'evt_1' },
    ...over,
  };
}

export function makeGroup(over: Partial<MatchGroup> & { key: string }): MatchGroup {
  return { cls: 'both', pushIds: [], pollIds: [], duplicates: 0, ...over };
}

/** The row part of a full event, as the core sends it in snapshots and `push`/`poll` events. */
export function rowOf(ev: PushEvent): PushRow;
export function rowOf(ev: PollEvent): PollRow;
export function rowOf(ev: HookEvent): PushRow | PollRow {
  if (ev.stream === 'push') {
    const { headers: _h, body: _b, bodyEncoding: _e, ...row } = ev;
    return row;
  }
  const { item: _i, ...row } = ev;
  return row;
}

export function makeSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  const tunnel: TunnelStatus = { state: 'off', since: T0, host: 'https://localtunnel.me' };
  const demo: DemoStatus = { running: false, eventsCreated: 0 };
  return {
    settings: makeSettings(),
    receiverUrl: 'http://127.0.0.1:4000',
    tunnel,
    sources: [],
    push: [],
    poll: [],
    pollRecords: [],
    matches: [],
    demo,
    dataDir: '/tmp/hookscope',
    notices: [],
    ...over,
  };
}

type Listener = (payload: never) => void;

/** The session a fake starts in, unless its snapshot names another. */
export function makeSessionInfo(over: Partial<SessionInfo> = {}): SessionInfo {
  return { id: 'default', name: 'Default', createdAt: new Date(T0).toISOString(), ...over };
}

export interface FakeApi {
  api: HookscopeApi & ConnectionAware;
  /** Full events getEvent answers from. */
  events: Map<string, HookEvent>;
  snapshot: Snapshot;
  calls: { name: keyof Commands; args: unknown[] }[];
  emit<K extends EventName>(name: K, payload: Events[K]): void;
  setConnection(state: ConnectionState): void;
  listenerCount(): number;
  /** Makes the next snapshot() wait until the returned function is called. */
  holdSnapshot(): () => void;
  failNext(name: keyof Commands, message: string): void;
  /** What forwards() answers from. */
  forwards: ForwardRecord[];
  /** What decodedBody() answers, by push id. */
  decoded: Map<string, DecodedBody>;
  /** What search() answers, by query; unknown queries find nothing. */
  searchResults: Map<string, string[]>;
  /** The named sessions; `snapshot` is the open one's. */
  sessions: SessionList;
  /** Snapshots of the sessions that are not open, by id; switching swaps them with `snapshot`. */
  sessionSnapshots: Map<string, Snapshot>;
  /** What the UI last told the api it shows (setShownSession), in order. */
  shownSessions: (string | null)[];
}

export function createFakeApi(opts: { snapshot?: Snapshot; connection?: boolean } = {}): FakeApi {
  const listeners = new Map<EventName, Set<Listener>>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  const events = new Map<string, HookEvent>();
  const calls: FakeApi['calls'] = [];
  const failures = new Map<keyof Commands, string>();
  let hold: Promise<void> | null = null;
  const first = opts.snapshot ?? makeSnapshot();
  first.session ??= makeSessionInfo();
  let sessionSeq = 0;
  const fake: FakeApi = {
    events,
    snapshot: first,
    calls,
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) (l as (p: typeof payload) => void)(payload);
    },
    setConnection(state) {
      for (const l of connListeners) l(state);
    },
    listenerCount() {
      let n = 0;
      for (const s of listeners.values()) n += s.size;
      return n;
    },
    holdSnapshot() {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return release;
    },
    failNext(name, message) {
      failures.set(name, message);
    },
    forwards: [],
    decoded: new Map(),
    searchResults: new Map(),
    sessions: { currentId: first.session.id, sessions: [first.session] },
    sessionSnapshots: new Map(),
    shownSessions: [],
    api: undefined as unknown as FakeApi['api'],
  };

  const call = async <T>(name: keyof Commands, args: unknown[], answer: () => T): Promise<T> => {
    calls.push({ name, args });
    await Promise.resolve();
    const failure = failures.get(name);
    if (failure !== undefined) {
      failures.delete(name);
      throw new Error(failure);
    }
    return answer();
  };

  // The same refusals as the core, so the UI's error paths can be driven without a failNext.
  const sessionById = (id: string): SessionInfo => {
    const info = fake.sessions.sessions.find((x) => x.id === id);
    if (!info) throw new Error(`no session with id ${id}`);
    return info;
  };
  const checkName = (name: string, except?: string): string => {
    const n = name.trim();
    if (n === '') throw new Error('a session needs a name');
    if (n.length > 80) throw new Error('a session name has at most 80 characters');
    if (fake.sessions.sessions.some((x) => x.id !== except && x.name.toLowerCase() === n.toLowerCase())) throw new Error(`a session named "${n}" already exists`);
    return n;
  };
  const announce = (): void => fake.emit('sessions', structuredClone(fake.sessions));
  const open = (id: string): void => {
    if (id === fake.sessions.currentId) return;
    fake.sessionSnapshots.set(fake.sessions.currentId, fake.snapshot);
    fake.snapshot = fake.sessionSnapshots.get(id) ?? makeSnapshot({ session: sessionById(id) });
    fake.sessionSnapshots.delete(id);
    fake.sessions = { ...fake.sessions, currentId: id };
    events.clear();
  };

  const api: HookscopeApi & ConnectionAware = {
    transport: 'websocket',
    setShownSession(id) {
      fake.shownSessions.push(id);
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    snapshot: async () => {
      if (hold) {
        const h = hold;
        hold = null;
        await h;
      }
      return call('snapshot', [], () => structuredClone(fake.snapshot));
    },
    getEvent: (id) => call('getEvent', [id], () => events.get(id) ?? null),
    clear: () =>
      call('clear', [], () => {
        events.clear();
        fake.emit('cleared', {});
      }),
    setTunnel: (enabled) =>
      call('setTunnel', [enabled], () => ({ ...fake.snapshot.tunnel, state: enabled ? ('connecting' as const) : ('off' as const) })),
    setDemo: (enabled) => call('setDemo', [enabled], () => ({ running: enabled, eventsCreated: 0 })),
    upsertPollSource: (input) =>
      call('upsertPollSource', [input], () => ({
        config: { ...input, id: input.id ?? 'src_new' },
        status: { id: input.id ?? 'src_new', state: 'idle' as const, polls: 0, bytes: 0, itemsKnown: 0 },
      })),
    removePollSource: (id) => call('removePollSource', [id], () => undefined),
    testPollSource: (input) =>
      call('testPollSource', [input], () => ({
        url: input.url,
        status: 200,
        statusText: 'OK',
        durationMs: 12,
        bytes: 27,
        headers: [['content-type', 'application/json']] as [string, string][],
        body: '[{"id":1},{"id":2},{"id":3}]',
        bodyTruncated: false,
        itemCount: 3,
        ids: ['1', '2', '3'],
        sample: [{ id: 1 }, { id: 2 }, { id: 3 }],
      })),
    sendTestWebhook: () =>
      call('sendTestWebhook', [], () => ({ ok: true, url: `${fake.snapshot.tunnel.url ?? ''}/hookscope-test`, status: 200, rttMs: 182.4, eventId: 'push_test' })),
    tunnelPassword: () => call('tunnelPassword', [], () => '203.0.113.7'),
    signingRules: () => call('signingRules', [], () => []),
    upsertSigningRule: (input) => call('upsertSigningRule', [input], () => [{ ...input, id: input.id ?? 'sig_new', hasSecret: input.secret !== undefined && input.secret !== '' }]),
    removeSigningRule: (id) => call('removeSigningRule', [id], () => []),
    replayPush: (id, request) =>
      call('replayPush', [id, request], () => ({
        url: request.url,
        method: request.method ?? 'POST',
        status: 200,
        statusText: 'OK',
        headers: [['content-type', 'text/plain']] as [string, string][],
        body: 'ok',
        bodyTruncated: false,
        durationMs: 3.2,
      })),
    importHar: (har) => call('importHar', [har], () => ({ imported: 1, skipped: 0, problems: [] })),
    responseRules: () => call('responseRules', [], () => []),
    upsertResponseRule: (input) => call('upsertResponseRule', [input], () => [{ ...input, id: input.id ?? 'resp_new', used: 0 }]),
    removeResponseRule: (id) => call('removeResponseRule', [id], () => []),
    exportHar: () => call('exportHar', [], () => JSON.stringify({ log: { version: '1.2', creator: { name: 'Hookscope', version: '0' }, entries: [] } })),
    forwards: (pushId) => call('forwards', [pushId], () => fake.forwards.filter((f) => f.pushId === pushId)),
    decodedBody: (pushId) => call('decodedBody', [pushId], () => fake.decoded.get(pushId) ?? null),
    search: (query) => call('search', [query], () => fake.searchResults.get(query) ?? []),
    report: (format) => call('report', [format], () => (format === 'json' ? '{"events":[]}\n' : format === 'csv' ? 'key,class\r\n' : '<!doctype html>')),
    listSessions: () => call('listSessions', [], () => structuredClone(fake.sessions)),
    createSession: (input) =>
      call('createSession', [input], () => {
        const info: SessionInfo = { id: `ses_${++sessionSeq}`, name: checkName(input.name), createdAt: new Date(T0 + sessionSeq * 60_000).toISOString() };
        const from = fake.snapshot;
        fake.sessions = { ...fake.sessions, sessions: [...fake.sessions.sessions, info] };
        fake.sessionSnapshots.set(
          info.id,
          makeSnapshot({ session: info, ...(input.copySettings ? { settings: structuredClone(from.settings), sources: structuredClone(from.sources) } : {}) }),
        );
        open(info.id);
        announce();
        return info;
      }),
    switchSession: (id) =>
      call('switchSession', [id], () => {
        const info = sessionById(id);
        if (id !== fake.sessions.currentId) {
          open(id);
          announce();
        }
        return info;
      }),
    renameSession: (id, name) =>
      call('renameSession', [id, name], () => {
        const info = { ...sessionById(id), name: checkName(name, id) };
        fake.sessions = { ...fake.sessions, sessions: fake.sessions.sessions.map((x) => (x.id === id ? info : x)) };
        if (fake.snapshot.session?.id === id) fake.snapshot.session = info;
        announce();
        return info;
      }),
    deleteSession: (id) =>
      call('deleteSession', [id], () => {
        sessionById(id);
        if (id === fake.sessions.currentId) throw new Error('this session is open: switch to another session first');
        fake.sessions = { ...fake.sessions, sessions: fake.sessions.sessions.filter((x) => x.id !== id) };
        fake.sessionSnapshots.delete(id);
        announce();
        return structuredClone(fake.sessions);
      }),
    updateSettings: (patch) =>
      call('updateSettings', [patch], () => {
        const s = fake.snapshot.settings;
        return { ...s, ...patch, tunnel: { ...s.tunnel, ...patch.tunnel }, match: { ...s.match, ...patch.match } };
      }),
  };
  if (opts.connection) {
    api.onConnection = (cb) => {
      connListeners.add(cb);
      return () => connListeners.delete(cb);
    };
  }
  fake.api = api;
  return fake;
}
