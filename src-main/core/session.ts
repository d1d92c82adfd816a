// The composition root of the core: one session owns the receiver, the store, the poll sources,
// the demo, the tunnel and the matcher, and is the only thing the transports talk to.
// Data flows one way: receiver/poller → session → store + contract events → UI.
import { mkdir } from 'node:fs/promises';
import {
  type CallContext,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type CommandHandlers,
  type ContractHost,
  COMMAND_NAMES,
  type EventName,
  type Events,
  type PollSourceInput,
  type SettingsPatch,
  type ReplayRequest,
  type SigningRuleInput,
  type ResponseRuleInput,
  type NewSessionInput,
} from '../contract/api';
import type {
  DemoStatus,
  HookEvent,
  Notice,
  PollEvent,
  PollRow,
  PollSourceConfig,
  PollSourceView,
  PushEvent,
  PushRow,
  Settings,
  Snapshot,
  TunnelStatus,
  PollTestResult,
  TestWebhookResult,
  TunnelHealth,
  ImportResult,
  ReplayResult,
  SigningRule,
  ResponseRule,
  ForwardRecord,
  DecodedBody,
  SessionInfo,
  SessionList,
} from '../contract/model';
import { nowMs } from './clock';
import { DEFAULT_SETTINGS, DEMO_SOURCE_ID, DEMO_WEBHOOK_PATH, demoSourceConfig } from './defaults';
import { DemoSaas, type DemoOptions } from './demo/demo-saas';
import { newId } from './ids';
import { pollKeyAndTime, pushKeyAndTime } from './match/match-keys';
import { Matcher } from './match/matcher';
import type { JsonBody } from './json-body';
import { PollSource, type PollSourceDeps } from './poller/poll-source';
import { Receiver } from './receiver';
import { acquireDataLock, type DataLock } from './store/data-lock';
import { EventStore } from './store/event-log';
import { openSettingsDb, type SettingsDb } from './store/settings-db';
import { mergeSettings } from './settings-merge';
import { TunnelManager, type TunnelManagerOptions } from './tunnel/tunnel-manager';
import { checkTunnelAccess } from './tunnel/tunnel-access';
import { loopbackAwareFetch } from './tunnel/loopback-fetch';
import { fetchTunnelPassword, sendTestWebhook } from './tunnel/tunnel-tools';
import { parsePollSourceInput, parseSettingsPatch } from './validation';
import { openSecretStore, type SecretCipher, type SecretStore } from './secrets/secret-store';
import { SourceSecrets, withoutSecret } from './poller/source-secrets';
import { testRequest } from './poller/test-request';
import { SigningRegistry } from './signing/signing-registry';
import { replayPush } from './replay';
import { parseHar, toHar } from './export/har';
import { newEvents } from './export/import-har';
import { ResponseRules } from './responses/response-rules';
import { buildReport, differingKeys } from './report/report-data';
import { renderReport, type ReportFormat } from './report/write-report';
import { AutoForwarder } from './forward/auto-forward';
import { decodePushBody } from './body-decode';
import { searchEvents } from './search/search-events';
import { openNamedSession, type OpenedSession } from './sessions/named-session';
import { sessionFolder } from './sessions/session-folder';
import { SessionCommands, type SessionHost } from './sessions/session-commands';
import { findSession, publicInfo } from './sessions/session-index';
import { runOverrides, SESSION_SETTING_KEYS, sessionPart, withSessionPart } from './sessions/session-settings';

export interface SessionOptions {
  dataDir: string;
  /** Settings for this run only (command-line flags); stored settings stay as they are. */
  settings?: SettingsPatch;
  /** Poll sources for this run only (`--poll`). */
  pollSources?: PollSourceInput[];
  demo?: Partial<Omit<DemoOptions, 'target'>>;
  /** How often the demo's own poll source polls (tests make it quick). */
  demoPollIntervalMs?: number;
  poller?: PollSourceDeps;
  tunnel?: Partial<TunnelManagerOptions>;
  /** Where the loca.lt password (the public IP) is asked; tests point it at loopback. */
  tunnelPasswordUrl?: string;
  /** Store flush window (ms). */
  flushMs?: number;
  /** Electron's safeStorage in the desktop app: poll-source secrets are then encrypted. */
  secretCipher?: SecretCipher;
  /** A ready secret store (tests); by default one is opened in the data dir. */
  secretStore?: SecretStore;
  /** Signing rules for this run only (`--config`), secrets included; never written anywhere. */
  signingRules?: SigningRuleInput[];
  /** Custom receiver answers for this run only (`--config`); never written anywhere. */
  responseRules?: ResponseRuleInput[];
  /** Open this session (by id or name) instead of the last one open; created by that name if none matches. */
  session?: string;
}

export interface Session extends ContractHost {
  readonly receiverUrl: string;
  readonly dataDir: string;
  /** The session opened at start, and whether `options.session` created it. */
  readonly opened: OpenedSession;
  demoStatus(): DemoStatus;
  /** The notices so far (the snapshot's, without building the rest of it). */
  recentNotices(): Notice[];
  close(): Promise<void>;
}

type Listener = <K extends EventName>(name: K, payload: Events[K]) => void;

/**
 * Commands a session switch does not wait for: the session-list ones (a switch is one of them) and
 * those that only wait on the network (a replay may take 30 s), which keep no session state after.
 */
const UNTRACKED_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'listSessions',
  'createSession',
  'switchSession',
  'renameSession',
  'deleteSession',
  'replayPush',
  'testPollSource',
  'sendTestWebhook',
  'tunnelPassword',
]);

/**
 * Commands that change the open session's own state. One that arrives while a switch runs was sent
 * by a window still showing the session being left: run on the new one it would clear, import or
 * save into a session its sender never saw, so it is refused and changes nothing.
 */
const SESSION_WRITES: ReadonlySet<CommandName> = new Set<CommandName>([
  'clear',
  'setDemo',
  'upsertPollSource',
  'removePollSource',
  'updateSettings',
  'upsertSigningRule',
  'removeSigningRule',
  'importHar',
  'upsertResponseRule',
  'removeResponseRule',
]);

/** A settings patch changes the session only through its session keys; the rest is the machine's. */
function changesSessionState<K extends CommandName>(name: K, args: CommandArgs<K>): boolean {
  if (!SESSION_WRITES.has(name)) return false;
  if (name !== 'updateSettings') return true;
  const patch = args[0] as SettingsPatch | undefined;
  return typeof patch !== 'object' || patch === null || SESSION_SETTING_KEYS.some((key) => key in patch);
}

const MAX_NOTICES = 50;
const MAX_TUNNEL_HEALTH = 60;
const CANARY_PREFIX = '/__hookscope_canary/';

export async function createSession(opts: SessionOptions): Promise<Session> {
  await mkdir(opts.dataDir, { recursive: true });
  const lock = await acquireDataLock(opts.dataDir);
  try {
    const db = await openSettingsDb(opts.dataDir, { settings: DEFAULT_SETTINGS, sources: [] });
    const opened =
      opts.session !== undefined
        ? await openNamedSession(db, opts.session, DEFAULT_SETTINGS)
        : { session: publicInfo(findSession(db.data, db.currentSessionId)), created: false };
    const settings = mergeSettings(db.settings, opts.settings ? parseSettingsPatch(opts.settings) : {});
    const store = await EventStore.open(sessionFolder(opts.dataDir, db.currentSessionId), {
      retentionPerStream: settings.retentionPerStream,
      flushMs: opts.flushMs,
    });
    const secretStore = opts.secretStore ?? (await openSecretStore(opts.dataDir, opts.secretCipher));
    const session = new HookscopeSession({ ...opts, secretStore }, lock, db, store, settings, opened);
    for (const warning of db.warnings ?? []) session.notify('warn', warning);
    for (const warning of secretStore.warnings) session.notify('warn', warning);
    await session.start();
    return session;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

class HookscopeSession implements Session, CommandHandlers {
  private readonly listeners = new Set<Listener>();
  private readonly matcher = new Matcher();
  private readonly sources = new Map<string, PollSource>();
  /** Sources given for this run only are never written to the settings file. */
  private readonly runOnlySources = new Set<string>();
  private readonly notices: Notice[] = [];
  private readonly receiver: Receiver;
  private readonly secrets: SourceSecrets;
  private readonly signing: SigningRegistry;
  private readonly responses: ResponseRules;
  private demo: DemoSaas | undefined;
  private tunnel: TunnelManager | undefined;
  private readonly tunnelHealth: TunnelHealth[] = [];
  /** Searches running now; a third one cancels the oldest (a client typing wants its latest). */
  private readonly searches = new Set<AbortController>();
  /** Commands on the open session still running; a switch lets them finish before leaving it. */
  private readonly running = new Set<Promise<void>>();
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Pushes that arrive during a session switch, stored in the target session once it is open. */
  private readonly heldPushes: Array<[PushEvent, JsonBody | undefined]> = [];
  private readonly sessions: SessionCommands<PollSourceConfig[]>;
  private readonly forwarder = new AutoForwarder({
    onRecord: (record) => this.emit('forward', record),
    receiverPort: () => {
      try {
        return this.receiver.port;
      } catch {
        return undefined;
      }
    },
  });

  constructor(
    private readonly opts: SessionOptions,
    private readonly lock: DataLock,
    private readonly db: SettingsDb,
    private store: EventStore,
    private settings: Settings,
    readonly opened: OpenedSession,
  ) {
    this.sessions = new SessionCommands(this.sessionHost());
    this.secrets = new SourceSecrets(opts.secretStore);
    this.signing = new SigningRegistry({
      store: opts.secretStore,
      stored: () => this.settings.signing,
      save: (signing) => this.applySettings({ signing }, true),
      demo: () => (this.demo ? { path: DEMO_WEBHOOK_PATH, secret: this.demo.secret } : undefined),
      sharedSecret: (id) => this.sessions.sharedWithOthers('signing', id),
    });
    this.responses = new ResponseRules({
      stored: () => this.settings.responses,
      save: (responses) => this.applySettings({ responses }, true),
    });
    this.receiver = new Receiver({
      respond: (method, path) => this.responses.plan(method, path),
      port: settings.receiverPort,
      maxBodyBytes: settings.maxBodyBytes,
      onCapture: (event, json) => this.onPush(event, json),
      isCanary: (_method, path) => path.startsWith(CANARY_PREFIX),
      onCanary: (path) => this.tunnel?.noteCanaryArrived(path),
      guardTunnel: (path, headers) => checkTunnelAccess(this.settings.tunnel.access, path, headers),
      onError: (error) => this.notify('error', `receiver: ${error.message}`),
    });
    store.on('error', (error) => this.notify('error', error.message));
    this.matcher.rebuild(store.pushRows(), store.pollRows());
  }

  get receiverUrl(): string {
    return this.receiver.url;
  }

  get dataDir(): string {
    return this.opts.dataDir;
  }

  async start(): Promise<void> {
    try {
      await this.receiver.start();
    } catch (error) {
      const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
      if (cause?.code === 'EADDRINUSE') {
        throw new Error(`receiver port ${this.settings.receiverPort} is already in use; pick another with --receiver-port (or 0 for any free port)`);
      }
      throw error;
    }
    for (const config of this.db.sources) if (config.enabled) this.startSource(config);
    for (const input of this.opts.pollSources ?? []) {
      const parsed = parsePollSourceInput(input);
      const config = this.completeSource(parsed);
      await this.secrets.apply(config.id, parsed.secret, true);
      this.runOnlySources.add(config.id);
      this.startSource(config);
    }
    await this.signing.addRunOnly(this.opts.signingRules ?? []);
    this.responses.addRunOnly(this.opts.responseRules ?? []);
    if (this.settings.demo) await this.startDemo();
    if (this.settings.tunnel.enabled) this.startTunnel();
  }

  // ---- contract host ------------------------------------------------------------------------

  async handle<K extends CommandName>(name: K, args: CommandArgs<K>, context: CallContext = {}): Promise<CommandResult<K>> {
    if (!(COMMAND_NAMES as readonly string[]).includes(name)) throw new Error(`unknown command: ${String(name)}`);
    if (!Array.isArray(args)) throw new Error(`${name}: arguments must be a list`);
    // A read in the middle of a switch would see a closed store; it waits and reads the target session.
    // Once closing, none runs: a switch then would open a store and start sources after close.
    if (this.closing) throw new Error('Hookscope is closing');
    const writesSession = changesSessionState(name, args);
    if (this.sessions.switching && writesSession) {
      throw new Error(`${name}: the open session was being switched when this arrived, so nothing was changed; look at the session now open and try again`);
    }
    while (this.sessions.switching) await this.sessions.switching;
    if (this.closing) throw new Error('Hookscope is closing');
    const shown = context.shownSession;
    if (shown !== undefined && writesSession && shown !== this.db.currentSessionId) {
      const open = this.sessions.current().name;
      throw new Error(`${name}: this window still showed another session when it sent this, and "${open}" is open now, so nothing was changed; look at it and try again`);
    }
    const command = this[name] as (...a: CommandArgs<K>) => CommandResult<K> | Promise<CommandResult<K>>;
    const result = Promise.resolve(command.apply(this, args));
    if (!UNTRACKED_COMMANDS.has(name)) {
      // A switch waits for this one: saved after an await, it would land in the session switched to.
      const settled: Promise<void> = result.then(
        () => undefined,
        () => undefined,
      );
      this.running.add(settled);
      void settled.then(() => this.running.delete(settled));
    }
    return result;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- commands -----------------------------------------------------------------------------

  snapshot(): Snapshot {
    return {
      session: this.sessions.current(),
      settings: this.settings,
      receiverUrl: this.receiver.url,
      tunnel: this.tunnelStatus(),
      sources: this.sourceViews(),
      push: this.store.pushRows(),
      poll: this.store.pollRows(),
      pollRecords: this.store.pollRecords(500),
      matches: this.matcher.groups(),
      demo: this.demoStatus(),
      dataDir: this.opts.dataDir,
      notices: this.recentNotices(),
      tunnelHealth: [...this.tunnelHealth],
    };
  }

  getEvent(id: string): Promise<HookEvent | null> {
    if (typeof id !== 'string') throw new Error('getEvent needs an event id');
    return this.store.get(id);
  }

  async clear(): Promise<void> {
    this.cancelSearches('the session was cleared');
    await this.store.clear();
    this.matcher.reset();
    this.forwarder.clear();
    this.emit('cleared', {});
  }

  async setTunnel(enabled: boolean): Promise<TunnelStatus> {
    if (typeof enabled !== 'boolean') throw new Error('setTunnel needs true or false');
    await this.applySettings({ tunnel: { enabled } }, true);
    if (enabled) this.startTunnel();
    else await this.stopTunnel();
    return this.tunnelStatus();
  }

  async setDemo(enabled: boolean): Promise<DemoStatus> {
    if (typeof enabled !== 'boolean') throw new Error('setDemo needs true or false');
    await this.applySettings({ demo: enabled }, true);
    // Read after the write: a session switch meanwhile has put the other session's demo switch here.
    await this.followDemoSetting();
    return this.demoStatus();
  }

  async upsertPollSource(input: PollSourceInput): Promise<PollSourceView> {
    const parsed = parsePollSourceInput(input);
    const config = this.completeSource(parsed);
    if (config.id === DEMO_SOURCE_ID) throw new Error('the demo source is managed by the demo switch');
    const secretNote = await this.secrets.apply(config.id, parsed.secret, this.runOnlySources.has(config.id));
    if (secretNote) this.notify('info', secretNote);
    const existing = this.sources.get(config.id);
    if (existing && config.enabled) existing.update(config);
    else if (existing) {
      existing.stop();
      this.sources.delete(config.id);
    } else if (config.enabled) this.startSource(config);
    if (!this.runOnlySources.has(config.id)) {
      await this.db.update((data) => {
        data.sources = [...data.sources.filter((s) => s.id !== config.id), config];
      });
    }
    this.emitSources();
    return this.sourceViews().find((view) => view.config.id === config.id) ?? stoppedView(config);
  }

  async removePollSource(id: string): Promise<void> {
    if (id === DEMO_SOURCE_ID) throw new Error('the demo source is managed by the demo switch');
    const source = this.sources.get(id);
    if (!source && !this.db.sources.some((s) => s.id === id)) throw new Error(`no poll source with id ${id}`);
    source?.stop();
    this.sources.delete(id);
    const runOnly = this.runOnlySources.delete(id);
    // A source copied into another session keeps its id, and so its secret: that one still needs it.
    if (runOnly || !this.sessions.sharedWithOthers('sources', id)) await this.secrets.forget(id);
    await this.db.update((data) => {
      data.sources = data.sources.filter((s) => s.id !== id);
    });
    this.emitSources();
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const parsed = parseSettingsPatch(patch);
    await this.applySettings(parsed, true);
    if (parsed.maxBodyBytes !== undefined) this.receiver.setMaxBodyBytes(parsed.maxBodyBytes);
    if (parsed.retentionPerStream !== undefined) this.store.setRetention(parsed.retentionPerStream);
    if (parsed.demo !== undefined) await this.followDemoSetting();
    if (parsed.tunnel?.enabled !== undefined) {
      if (parsed.tunnel.enabled) this.startTunnel();
      else await this.stopTunnel();
    } else if (parsed.tunnel && this.tunnel && (parsed.tunnel.host !== undefined || 'subdomain' in parsed.tunnel)) {
      // Host or subdomain changed while on: a new tunnel is the only way to apply them.
      await this.stopTunnel();
      this.startTunnel();
    }
    return this.settings;
  }

  sendTestWebhook(): Promise<TestWebhookResult> {
    const fetch = this.opts.tunnel?.fetch ?? loopbackAwareFetch;
    return sendTestWebhook({ status: this.tunnelStatus(), access: this.settings.tunnel.access, fetch });
  }

  signingRules(): SigningRule[] {
    return this.signing.views();
  }

  upsertSigningRule(input: SigningRuleInput): Promise<SigningRule[]> {
    return this.signing.upsert(input);
  }

  removeSigningRule(id: string): Promise<SigningRule[]> {
    return this.signing.remove(id);
  }

  responseRules(): ResponseRule[] {
    return this.responses.views();
  }

  upsertResponseRule(input: ResponseRuleInput): Promise<ResponseRule[]> {
    return this.responses.upsert(input);
  }

  removeResponseRule(id: string): Promise<ResponseRule[]> {
    return this.responses.remove(id);
  }

  async replayPush(id: string, request: ReplayRequest): Promise<ReplayResult> {
    const event = await this.store.get(id);
    if (!event || event.stream !== 'push') throw new Error(`no captured push with id ${id}`);
    return replayPush(event, request);
  }

  importHar(har: string): ImportResult {
    if (typeof har !== 'string') throw new Error('importHar needs the HAR file as text');
    const parsed = parseHar(har);
    const known = new Set([...this.store.pushRows(), ...this.store.pollRows()].map((row) => row.id));
    const { events, skipped } = newEvents(parsed, (eventId) => known.has(eventId));
    for (const event of events) {
      // Imported events keep what they carry (their verdict included): re-checking with today's
      // rules would rewrite history, and the import must reproduce the session it came from.
      if (event.stream === 'push') this.addPush(event);
      else this.onPollChanges([event]);
    }
    return { imported: events.length, skipped: skipped + parsed.problems.length, problems: parsed.problems };
  }

  async exportHar(): Promise<string> {
    const pushes: PushEvent[] = [];
    const polls: PollEvent[] = [];
    for await (const event of this.store.events()) {
      if (event.stream === 'push') pushes.push(event);
      else polls.push(event);
    }
    return JSON.stringify(toHar(pushes, polls), null, 2);
  }

  forwards(pushId: string): ForwardRecord[] {
    if (typeof pushId !== 'string') throw new Error('forwards needs a push id');
    return this.forwarder.records(pushId);
  }

  async decodedBody(pushId: string): Promise<DecodedBody | null> {
    const event = await this.store.get(pushId);
    if (!event || event.stream !== 'push') return null;
    return decodePushBody(event);
  }

  async report(format: ReportFormat): Promise<string> {
    if (format !== 'json' && format !== 'csv' && format !== 'html') throw new Error('report format must be json, csv or html');
    const input = {
      push: this.store.pushRows(),
      poll: this.store.pollRows(),
      pollRecords: this.store.pollRecords(),
      contentDiffers: await differingKeys(this.store.events()),
    };
    return renderReport(buildReport(this.opts.dataDir, input), format);
  }

  async search(query: string): Promise<string[]> {
    if (typeof query !== 'string') throw new Error('search needs a query string');
    const ctl = new AbortController();
    if (this.searches.size >= 2) this.searches.values().next().value?.abort('superseded by a newer search');
    this.searches.add(ctl);
    try {
      return await searchEvents(this.store.events(), query, { signal: ctl.signal });
    } finally {
      this.searches.delete(ctl);
    }
  }

  private cancelSearches(reason: string): void {
    for (const ctl of this.searches) ctl.abort(reason);
    this.searches.clear();
  }

  tunnelPassword(): Promise<string> {
    return fetchTunnelPassword({ url: this.opts.tunnelPasswordUrl, fetch: this.opts.tunnel?.fetch });
  }

  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    // A switch half done would leave the target's sources and demo starting after everything stopped.
    await this.sessions.idle();
    this.closed = true;
    this.cancelSearches('the session is closing');
    this.forwarder.close();
    for (const source of this.sources.values()) source.stop();
    this.sources.clear();
    await this.stopDemo(false);
    await this.stopTunnel(false);
    await this.receiver.stop();
    await this.store.close();
    await this.db.close();
    await this.lock.release();
    this.listeners.clear();
  }

  // ---- sessions -----------------------------------------------------------------------------

  listSessions(): SessionList {
    return this.sessions.list();
  }

  createSession(input: NewSessionInput): Promise<SessionInfo> {
    return this.sessions.create(input);
  }

  switchSession(id: string): Promise<SessionInfo> {
    return this.sessions.switch(id);
  }

  renameSession(id: string, name: string): Promise<SessionInfo> {
    return this.sessions.rename(id, name);
  }

  deleteSession(id: string): Promise<SessionList> {
    return this.sessions.delete(id);
  }

  /** The host side of a switch (see SessionCommands): what the open session owns at run time. */
  private sessionHost(): SessionHost<PollSourceConfig[]> {
    return {
      db: this.db,
      dataDir: this.opts.dataDir,
      defaults: DEFAULT_SETTINGS,
      leave: async () => {
        this.cancelSearches('the session was switched');
        await Promise.all(this.running);
        // Run-only sources (--poll, --config) belong to the run: they follow it into the next session.
        const runOnly = [...this.sources.values()].map((s) => s.config).filter((c) => this.runOnlySources.has(c.id));
        for (const source of this.sources.values()) source.stop();
        this.sources.clear();
        this.forwarder.clear();
        this.responses.resetCounts();
        await this.stopDemo(false);
        // A failed flush has been reported through the store's 'error' already; the switch goes on.
        await this.store.close().catch(() => undefined);
        return runOnly;
      },
      enter: async (id) => {
        const store = await EventStore.open(sessionFolder(this.opts.dataDir, id), {
          retentionPerStream: this.settings.retentionPerStream,
          flushMs: this.opts.flushMs,
        });
        store.on('error', (error) => this.notify('error', error.message));
        this.store = store;
      },
      resume: async (runOnly) => {
        const overrides = runOverrides(this.opts.settings ? parseSettingsPatch(this.opts.settings) : {});
        this.settings = withSessionPart(this.settings, sessionPart(mergeSettings(this.db.settings, overrides)));
        this.matcher.reset();
        this.matcher.rebuild(this.store.pushRows(), this.store.pollRows());
        // Synchronously after the switch ends, so the held pushes keep their place before any new one.
        for (const [event, json] of this.heldPushes.splice(0)) this.onPush(event, json);
        for (const config of this.db.sources) if (config.enabled && !this.runOnlySources.has(config.id)) this.startSource(config);
        for (const config of runOnly) this.startSource(config);
        if (this.settings.demo) await this.startDemo();
        this.emit('settings', this.settings);
        this.emitSources();
        this.emit('demo', this.demoStatus());
      },
      forgetSourceSecret: (id) => this.secrets.forget(id),
      forgetSigningSecret: (id) => this.signing.forgetSecret(id),
      sessionsChanged: (list) => this.emit('sessions', list),
      writeFailed: (error) => this.notify('error', error.message),
    };
  }

  // ---- flows --------------------------------------------------------------------------------

  private onPush(event: PushEvent, json?: JsonBody): void {
    if (this.closed) return;
    if (this.sessions.switching) {
      // Answered already (the receiver does not wait); it is keyed and stored once the target is open.
      this.heldPushes.push([event, json]);
      return;
    }
    const { matchKey, sourceTime } = pushKeyAndTime(event, this.settings.match, json);
    const enriched: PushEvent = { ...event, matchKey, sourceTime, signature: this.signing.check(event) };
    this.addPush(enriched);
    if (this.settings.forwardTo) this.forwarder.forward(enriched, this.settings.forwardTo);
  }

  private addPush(enriched: PushEvent): void {
    const row: PushRow = this.store.appendPush(enriched);
    this.emit('push', row);
    const group = this.matcher.addPush(row);
    if (group) this.emit('match', [group]);
  }

  private onPollChanges(events: PollEvent[]): void {
    if (this.closed || events.length === 0) return;
    const enriched = events.map((ev) => ({ ...ev, ...pollKeyAndTime(ev, this.settings.match) }));
    const rows: PollRow[] = this.store.appendPoll(enriched);
    this.emit('poll', rows);
    const groups = new Map<string, ReturnType<Matcher['addPoll']>>();
    for (const row of rows) {
      const group = this.matcher.addPoll(row);
      if (group) groups.set(group.key, group);
    }
    if (groups.size > 0) this.emit('match', [...groups.values()].filter((g) => g !== undefined));
  }

  private startSource(config: PollSourceConfig): void {
    const source = new PollSource(config, { ...this.opts.poller, secrets: this.secrets });
    // A poll answered after its source was stopped (a switch, a removal) belongs to no session now.
    const current = () => this.sources.get(config.id) === source;
    source.on('changes', (events) => {
      if (current()) this.onPollChanges(events);
    });
    source.on('record', (record) => {
      if (this.closed || !current()) return;
      this.store.appendPollRecord(record);
      this.emit('pollRecord', record);
    });
    source.on('status', () => this.emitSources());
    this.sources.set(config.id, source);
    source.start();
    this.emitSources();
  }

  private async startDemo(): Promise<void> {
    if (this.demo) return;
    const demo = new DemoSaas({ ...this.opts.demo, target: () => this.demoTarget() });
    this.demo = demo;
    demo.on('created', () => this.emit('demo', this.demoStatus()));
    const { apiUrl } = await demo.start();
    if (this.demo !== demo) return;
    this.startSource({ ...demoSourceConfig(apiUrl), ...(this.opts.demoPollIntervalMs && { intervalMs: this.opts.demoPollIntervalMs }) });
    this.emit('demo', this.demoStatus());
  }

  private followDemoSetting(): Promise<void> {
    return this.settings.demo ? this.startDemo() : this.stopDemo();
  }

  private async stopDemo(announce = true): Promise<void> {
    const demo = this.demo;
    if (!demo) return;
    this.demo = undefined;
    this.sources.get(DEMO_SOURCE_ID)?.stop();
    this.sources.delete(DEMO_SOURCE_ID);
    await demo.stop();
    if (announce) {
      this.emit('demo', this.demoStatus());
      this.emitSources();
    }
  }

  private demoTarget(): string {
    const status = this.tunnel?.status;
    const base = status?.state === 'online' && status.url ? status.url : this.receiver.url;
    return `${base}${DEMO_WEBHOOK_PATH}`;
  }

  private startTunnel(): void {
    if (this.tunnel) return;
    const { host, subdomain } = this.settings.tunnel;
    const tunnel = new TunnelManager({ localPort: this.receiver.tunnelPort, host, subdomain, fetch: loopbackAwareFetch, ...this.opts.tunnel });
    tunnel.on('status', (status) => this.emit('tunnel', status));
    tunnel.on('canary', (report) => {
      this.tunnelHealth.push(report);
      if (this.tunnelHealth.length > MAX_TUNNEL_HEALTH) this.tunnelHealth.shift();
      this.emit('tunnelHealth', report);
    });
    this.tunnel = tunnel;
    tunnel.start();
  }

  private async stopTunnel(announce = true): Promise<void> {
    const tunnel = this.tunnel;
    if (!tunnel) return;
    this.tunnel = undefined;
    await tunnel.stop();
    if (announce) this.emit('tunnel', this.tunnelStatus());
  }

  private async applySettings(patch: SettingsPatch, persist: boolean): Promise<void> {
    this.settings = mergeSettings(this.settings, patch);
    if (persist) {
      await this.db.update((data) => {
        data.settings = mergeSettings(data.settings, patch);
      });
    }
    this.emit('settings', this.settings);
  }

  // ---- views --------------------------------------------------------------------------------

  private completeSource(input: PollSourceInput): PollSourceConfig {
    return { ...withoutSecret(input), id: input.id ?? newId('src') };
  }

  async testPollSource(input: PollSourceInput): Promise<PollTestResult> {
    const parsed = parsePollSourceInput(input);
    const secret = parsed.secret !== undefined && parsed.secret !== '' ? parsed.secret : parsed.id !== undefined ? this.secrets.get(parsed.id) : undefined;
    return testRequest(parsed, secret, { fetch: this.opts.poller?.fetch, timeoutMs: this.opts.poller?.timeoutMs });
  }

  private sourceViews(): PollSourceView[] {
    const running = [...this.sources.values()].map((s) => ({ config: s.config, status: { ...s.status, hasSecret: this.secrets.has(s.config.id) } }));
    const stopped = this.db.sources.filter((c) => !this.sources.has(c.id)).map(stoppedView);
    return [...running, ...stopped];
  }

  private emitSources(): void {
    this.emit('sources', this.sourceViews());
  }

  private tunnelStatus(): TunnelStatus {
    return (
      this.tunnel?.status ?? {
        state: 'off',
        since: nowMs(),
        host: this.settings.tunnel.host,
        subdomain: this.settings.tunnel.subdomain,
      }
    );
  }

  recentNotices(): Notice[] {
    return [...this.notices];
  }

  demoStatus(): DemoStatus {
    return {
      running: this.demo !== undefined,
      apiUrl: this.demo?.apiUrl,
      eventsCreated: this.demo?.truth().events.length ?? 0,
    };
  }

  notify(level: Notice['level'], message: string): void {
    const notice: Notice = { level, message, t: nowMs() };
    this.notices.push(notice);
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
    this.emit('notice', notice);
  }

  private emit<K extends EventName>(name: K, payload: Events[K]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        // A broken subscriber (a closed window, a dead socket) must not stop capture.
        console.error(`hookscope: ${name} listener failed:`, error);
      }
    }
  }
}

function stoppedView(config: PollSourceConfig): PollSourceView {
  return { config, status: { id: config.id, state: 'stopped', polls: 0, bytes: 0, itemsKnown: 0 } };
}
