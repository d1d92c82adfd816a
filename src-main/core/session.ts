// The composition root of the core: one session owns the receiver, the store, the poll sources,
// the demo, the tunnel and the matcher, and is the only thing the transports talk to.
// Data flows one way: receiver/poller → session → store + contract events → UI.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
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
} from '../contract/model';
import { nowMs } from './clock';
import { DEFAULT_SETTINGS, DEMO_SOURCE_ID, DEMO_WEBHOOK_PATH, demoSourceConfig } from './defaults';
import { DemoSaas, type DemoOptions } from './demo/demo-saas';
import { newId } from './ids';
import { pollKeyAndTime, pushKeyAndTime } from './match/match-keys';
import { Matcher } from './match/matcher';
import { PollSource, type PollSourceDeps } from './poller/poll-source';
import { Receiver } from './receiver';
import { acquireDataLock, type DataLock } from './store/data-lock';
import { EventStore } from './store/event-log';
import { openSettingsDb, type SettingsDb } from './store/settings-db';
import { mergeSettings } from './settings-merge';
import { TunnelManager, type TunnelManagerOptions } from './tunnel/tunnel-manager';
import { parsePollSourceInput, parseSettingsPatch } from './validation';
import { toPollRow, toPushRow } from './rows';

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
  /** Store flush window (ms). */
  flushMs?: number;
}

export interface Session extends ContractHost {
  readonly receiverUrl: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

type Listener = <K extends EventName>(name: K, payload: Events[K]) => void;

const DEFAULT_SESSION_ID = 'default';
const MAX_NOTICES = 50;
const CANARY_PREFIX = '/__hookscope_canary/';

export async function createSession(opts: SessionOptions): Promise<Session> {
  await mkdir(opts.dataDir, { recursive: true });
  const lock = await acquireDataLock(opts.dataDir);
  try {
    const db = await openSettingsDb(opts.dataDir, { settings: DEFAULT_SETTINGS, sources: [] });
    const settings = mergeSettings(db.settings, opts.settings ? parseSettingsPatch(opts.settings) : {});
    const store = await EventStore.open(join(opts.dataDir, 'sessions', DEFAULT_SESSION_ID), {
      retentionPerStream: settings.retentionPerStream,
      flushMs: opts.flushMs,
    });
    const session = new HookscopeSession(opts, lock, db, store, settings);
    for (const warning of db.warnings ?? []) session.notify('warn', warning);
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
  private demo: DemoSaas | undefined;
  private tunnel: TunnelManager | undefined;
  private closed = false;

  constructor(
    private readonly opts: SessionOptions,
    private readonly lock: DataLock,
    private readonly db: SettingsDb,
    private readonly store: EventStore,
    private settings: Settings,
  ) {
    this.receiver = new Receiver({
      port: settings.receiverPort,
      maxBodyBytes: settings.maxBodyBytes,
      onCapture: (event) => this.onPush(event),
      isCanary: (_method, path) => path.startsWith(CANARY_PREFIX),
      onCanary: (path) => this.tunnel?.noteCanaryArrived(path),
      onError: (error) => this.notify('error', `receiver: ${error.message}`),
    });
    store.on('error', (error) => this.notify('error', error.message));
    for (const row of store.pushRows()) this.matcher.addPush(row);
    for (const row of store.pollRows()) this.matcher.addPoll(row);
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
      const config = this.completeSource(parsePollSourceInput(input));
      this.runOnlySources.add(config.id);
      this.startSource(config);
    }
    if (this.settings.demo) await this.startDemo();
    if (this.settings.tunnel.enabled) this.startTunnel();
  }

  // ---- contract host ------------------------------------------------------------------------

  async handle<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
    if (!(COMMAND_NAMES as readonly string[]).includes(name)) throw new Error(`unknown command: ${String(name)}`);
    if (!Array.isArray(args)) throw new Error(`${name}: arguments must be a list`);
    const command = this[name] as (...a: CommandArgs<K>) => CommandResult<K> | Promise<CommandResult<K>>;
    return command.apply(this, args);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- commands -----------------------------------------------------------------------------

  snapshot(): Snapshot {
    return {
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
      notices: [...this.notices],
    };
  }

  getEvent(id: string): Promise<HookEvent | null> {
    if (typeof id !== 'string') throw new Error('getEvent needs an event id');
    return this.store.get(id);
  }

  async clear(): Promise<void> {
    await this.store.clear();
    this.matcher.reset();
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
    if (enabled) await this.startDemo();
    else await this.stopDemo();
    return this.demoStatus();
  }

  async upsertPollSource(input: PollSourceInput): Promise<PollSourceView> {
    const config = this.completeSource(parsePollSourceInput(input));
    if (config.id === DEMO_SOURCE_ID) throw new Error('the demo source is managed by the demo switch');
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
    this.runOnlySources.delete(id);
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
    if (parsed.demo !== undefined) await (parsed.demo ? this.startDemo() : this.stopDemo());
    if (parsed.tunnel?.enabled !== undefined) {
      if (parsed.tunnel.enabled) this.startTunnel();
      else await this.stopTunnel();
    } else if (parsed.tunnel && this.tunnel) {
      // Host or subdomain changed while on: a new tunnel is the only way to apply them.
      await this.stopTunnel();
      this.startTunnel();
    }
    return this.settings;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
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

  // ---- flows --------------------------------------------------------------------------------

  private onPush(event: PushEvent): void {
    if (this.closed) return;
    const { matchKey, sourceTime } = pushKeyAndTime(event, this.settings.match);
    const enriched: PushEvent = { ...event, matchKey, sourceTime };
    this.store.appendPush(enriched);
    const row: PushRow = toPushRow(enriched);
    this.emit('push', row);
    const group = this.matcher.addPush(row);
    if (group) this.emit('match', [group]);
  }

  private onPollChanges(events: PollEvent[]): void {
    if (this.closed || events.length === 0) return;
    const enriched = events.map((ev) => ({ ...ev, ...pollKeyAndTime(ev, this.settings.match) }));
    this.store.appendPoll(enriched);
    const rows: PollRow[] = enriched.map(toPollRow);
    this.emit('poll', rows);
    const groups = new Map<string, ReturnType<Matcher['addPoll']>>();
    for (const row of rows) {
      const group = this.matcher.addPoll(row);
      if (group) groups.set(group.key, group);
    }
    if (groups.size > 0) this.emit('match', [...groups.values()].filter((g) => g !== undefined));
  }

  private startSource(config: PollSourceConfig): void {
    const source = new PollSource(config, this.opts.poller);
    source.on('changes', (events) => this.onPollChanges(events));
    source.on('record', (record) => {
      if (this.closed) return;
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
    const tunnel = new TunnelManager({ localPort: this.receiver.tunnelPort, host, subdomain, ...this.opts.tunnel });
    tunnel.on('status', (status) => this.emit('tunnel', status));
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
    return { ...input, id: input.id ?? newId('src') };
  }

  private sourceViews(): PollSourceView[] {
    const running = [...this.sources.values()].map((s) => ({ config: s.config, status: s.status }));
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

  private demoStatus(): DemoStatus {
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
