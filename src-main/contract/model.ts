// The domain records that flow from the core to the UI, the exports and the tests.
// Plain JSON-serialisable data only: these cross IPC, WebSocket and the on-disk log unchanged.

export type Stream = 'push' | 'poll';

/** A header exactly as received: order and duplicates are kept, names keep their case. */
export type HeaderPair = [name: string, value: string];

export type BodyEncoding = 'utf8' | 'base64';

/** Where a push came from: straight to the receiver, or relayed by the tunnel. */
export type Via = 'direct' | 'tunnel';

/** Fields both streams share, enough to draw a row. */
export interface EventBase {
  id: string;
  stream: Stream;
  /** ISO 8601 with milliseconds. */
  receivedAt: string;
  /** Epoch milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()). */
  t: number;
  /** One line for the list. */
  summary: string;
  /** Bytes of the body (push) or of the item's JSON (poll). */
  size: number;
  /** The matching key, when the configured path/header yields one. */
  matchKey?: string;
  /** The source's own time of the event (epoch ms), when the payload carries one. */
  sourceTime?: number;
}

export interface PushRow extends EventBase {
  stream: 'push';
  method: string;
  /** Path without the query string, as received. */
  path: string;
  /** Raw query string without the leading '?', '' when there is none. */
  query: string;
  contentType?: string;
  remoteAddress: string;
  via: Via;
  /** Status the receiver answered. */
  status: number;
  /** Why the request was refused (e.g. body over the limit); absent for accepted requests. */
  rejected?: string;
  /** The signature check made at capture; absent on events captured before verification existed. */
  signature?: SignatureCheck;
}

export type SignatureScheme = 'stripe' | 'github' | 'shopify' | 'slack' | 'standard-webhooks' | 'twilio';

/** Whether a push carried a valid signature, and why not when it did not (or was not checked). */
export interface SignatureCheck {
  result: 'valid' | 'invalid' | 'unchecked';
  scheme?: SignatureScheme;
  /** 'bad signature', 'stale timestamp', 'missing header', 'no signing rule for this path', … */
  reason?: string;
}

/**
 * How the receiver answers requests matching a method and path, instead of 200: to test a sender's
 * retries (500 to the first delivery), slow answers, or what it does with a given body.
 */
export interface ResponseRule {
  id: string;
  /** An HTTP method, or `*` for any. */
  method: string;
  /** An exact path, a prefix ending in `*`, or `*` for every path. */
  path: string;
  status: number;
  headers: HeaderPair[];
  body: string;
  /** Wait this long before answering (ms, at most 30 000). */
  delayMs: number;
  /** Apply to the first N matching requests only (counted from when the rule was saved); absent = always. */
  times?: number;
  /** Views only: matching requests this rule has answered so far. */
  used?: number;
}

/** What came back when a captured request was sent again. */
export interface ReplayResult {
  url: string;
  method: string;
  /** null when no response came (refused, timed out). */
  status: number | null;
  statusText: string;
  headers: HeaderPair[];
  /** The response body as text, cut at 64 KB. */
  body: string;
  bodyTruncated: boolean;
  durationMs: number;
  error?: string;
}

/** One automatic forward of a captured push to the local URL set in Settings.forwardTo. */
export interface ForwardRecord {
  pushId: string;
  url: string;
  /** When the forward was sent (epoch ms). */
  t: number;
  /** null when no response came (refused, timed out). */
  status: number | null;
  durationMs: number;
  error?: string;
}

/** A push body with its Content-Encoding undone, for display; the stored bytes stay as received. */
export interface DecodedBody {
  /** The Content-Encoding that was undone (gzip, deflate, br, or a chain such as "gzip, br"). */
  encoding: string;
  /** The decoded bytes, encoded like a stored body (text stays text, anything else base64). */
  body: string;
  bodyEncoding: BodyEncoding;
  /** Bytes as received, and bytes produced by decoding (at most the cap). */
  encodedBytes: number;
  decodedBytes: number;
  /** Decoding stopped at the cap: the body is only the first decodedBytes. */
  truncated: boolean;
  capBytes: number;
  /** Set when the bytes could not be fully decoded; body then holds what decoded before the error. */
  error?: string;
}

/** What importing a HAR file added to the session. */
export interface ImportResult {
  imported: number;
  /** Entries already in the session (same id) or not importable; `problems` says why for the latter. */
  skipped: number;
  problems: string[];
}

/** Which scheme (and secret) verifies pushes to which paths. The secret lives in the secret store. */
export interface SigningRule {
  id: string;
  scheme: SignatureScheme;
  /** An exact path, or a prefix ending in `*`; `*` covers every path. */
  path: string;
  /** How far a signed timestamp may be from now (s), for the schemes that sign one; default 300. */
  toleranceSec?: number;
  /** Twilio signs the public URL it called: its origin (https://host), when the receiver cannot tell. */
  publicUrl?: string;
  /** The built-in demo's own rule (run-only, not editable). */
  demo?: boolean;
  /** Views only: whether a secret is stored for the rule. */
  hasSecret?: boolean;
}

export interface PushEvent extends PushRow {
  headers: HeaderPair[];
  /** The body bytes, encoded so that decoding gives the exact bytes received. */
  body: string;
  bodyEncoding: BodyEncoding;
}

export type PollChange = 'baseline' | 'new' | 'changed' | 'removed';

export interface PollRow extends EventBase {
  stream: 'poll';
  sourceId: string;
  /** The poll (PollRecord.id) that found this change. */
  pollId: string;
  itemId: string;
  change: PollChange;
}

export interface PollEvent extends PollRow {
  /** The item as the API returned it (for `removed`: the last version seen). */
  item: unknown;
}

export type HookEvent = PushEvent | PollEvent;
export type EventRow = PushRow | PollRow;

/** One request made by a poll source, successful or not. */
export interface PollRecord {
  id: string;
  sourceId: string;
  t: number;
  receivedAt: string;
  /** HTTP status, or null when no response came (network error, timeout). */
  status: number | null;
  durationMs: number;
  /** Response body bytes received. */
  bytes: number;
  /** Items found at the items path; 0 on error. */
  itemCount: number;
  newCount: number;
  changedCount: number;
  removedCount: number;
  notModified?: boolean;
  baseline?: boolean;
  error?: string;
  /** HTTP requests this poll made (pages followed); absent means 1. */
  requests?: number;
  /** The API said to wait (429/503 with Retry-After, or an exhausted rate limit): for how long (ms). */
  rateLimitWaitMs?: number;
}

/** How a poll source authenticates. The secret itself is never part of the config (see SecretStore). */
export type PollAuth =
  | { kind: 'none' }
  | { kind: 'bearer' }
  | { kind: 'basic'; username: string }
  | { kind: 'apiKeyHeader'; name: string }
  | { kind: 'apiKeyQuery'; name: string };

/** The remaining request budget the API announced in its rate-limit headers. */
export interface RateBudget {
  /** Which header family it came from. */
  source: 'github' | 'ietf' | 'x-ratelimit';
  limit?: number;
  remaining?: number;
  /** Epoch ms when the budget refills. */
  resetAt?: number;
}

/** What polling one source has cost so far: the figures the comparison with webhooks rests on. */
export interface PollCost {
  polls: number;
  requests: number;
  bytes: number;
  /** Polls that succeeded and found nothing new, changed or removed (304s included). */
  emptyPolls: number;
  notModified: number;
  /** Times the API made the poller wait (Retry-After, exhausted budget), and for how long in all. */
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  /** Polls whose items were parsed and compared (a 304 costs none). */
  diffs: number;
}

export interface PollSourceConfig {
  id: string;
  name: string;
  url: string;
  headers: HeaderPair[];
  intervalMs: number;
  /** Dot path to the items array; empty means: the body if it is an array, else `data`, else `items`. */
  itemsPath: string;
  /** Dot path to each item's id. */
  idPath: string;
  enabled: boolean;
  /** The built-in demo's own source is marked so the UI can label it. */
  demo?: boolean;
  /** Dot path to each item's last-change time; when set, changes are judged by it instead of a content hash. */
  updatedAtPath?: string;
  /** Most pages followed in one poll (Link rel=next, has_more). Default 5. */
  maxPages?: number;
  auth?: PollAuth;
}

export type PollSourceState = 'idle' | 'polling' | 'waiting' | 'error' | 'stopped';

export interface PollSourceStatus {
  id: string;
  state: PollSourceState;
  lastStatus?: number | null;
  lastError?: string;
  lastPollAt?: number;
  nextPollAt?: number;
  polls: number;
  bytes: number;
  itemsKnown: number;
  cost?: PollCost;
  budget?: RateBudget;
  /** Why the next poll is later than the interval (Retry-After, X-Poll-Interval, saving the budget). */
  waitReason?: string;
  /** Whether a secret is stored for this source's auth. */
  hasSecret?: boolean;
}

/** What one trial request returned, for the source editor: the raw response and the items found. */
export interface PollTestResult {
  /** The URL asked, with any API key in the query replaced by ***. */
  url: string;
  status: number | null;
  statusText: string;
  durationMs: number;
  bytes: number;
  headers: HeaderPair[];
  /** The body as text, cut at 64 KB. */
  body: string;
  bodyTruncated: boolean;
  error?: string;
  /** Items found at the items path, or why none were. */
  itemCount?: number;
  itemsError?: string;
  /** The first few ids and items found. */
  ids: string[];
  sample: unknown[];
  warning?: string;
  nextPage?: string;
  budget?: RateBudget;
}

export interface PollSourceView {
  config: PollSourceConfig;
  status: PollSourceStatus;
}

export type TunnelState = 'off' | 'connecting' | 'online' | 'degraded' | 'reconnecting' | 'failed';

export interface TunnelStatus {
  state: TunnelState;
  /** Public URL while one is granted. */
  url?: string;
  /** Why the tunnel is not online (last error), in words a user can act on. */
  reason?: string;
  /** Epoch ms when the current state began. */
  since: number;
  host: string;
  subdomain?: string;
  /** Set while the granted public URL differs from the one asked for or held before: that one is dead. */
  urlChangedFrom?: string;
}

/** One health check through the public URL (the canary), for the tunnel's health timeline. */
export interface TunnelHealth {
  t: number;
  ok: boolean;
  /** Round trip of the canary through the public URL (ms). */
  rttMs?: number;
  error?: string;
}

/** Who may use the public URL: anyone, senders who know a secret first path segment, or basic auth. */
export type TunnelAccess =
  | { mode: 'open' }
  | { mode: 'path'; secret: string }
  | { mode: 'basic'; user: string; password: string };

/** What the "send test webhook" action saw: the request went out through the public URL. */
export interface TestWebhookResult {
  ok: boolean;
  /** The URL posted to (secret segment included). */
  url: string;
  status?: number;
  /** From sending to the answer of the receiver, through the tunnel server and back (ms). */
  rttMs?: number;
  /** The push event it produced, when it was captured. */
  eventId?: string;
  error?: string;
}

export type MatchClass = 'both' | 'push-only' | 'poll-only';
export type FirstSide = 'push' | 'poll' | 'tie';

/** Everything known about one logical event, joined across the two streams by its key. */
export interface MatchGroup {
  key: string;
  cls: MatchClass;
  pushIds: string[];
  pollIds: string[];
  sourceTime?: number;
  firstPushT?: number;
  firstPollT?: number;
  /** Delay of each side from the source time (ms), when the source time is known. */
  pushDelayMs?: number;
  pollDelayMs?: number;
  first?: FirstSide;
  /** How much earlier the first side learned of it (ms), when both have. */
  leadMs?: number;
  /** Push deliveries beyond the first (retries, duplicates). */
  duplicates: number;
}

export interface MatchSettings {
  /** Dot path into the push body, or `header:Name` for a header. */
  pushKey: string;
  /** Dot path into each polled item. */
  pollKey: string;
  /** Dot path to the source time; empty means auto-detect (`created_at`, `created`, `timestamp`). */
  timePath: string;
}

export interface TunnelSettings {
  enabled: boolean;
  host: string;
  subdomain?: string;
  /** Absent means open, as before access control existed. */
  access?: TunnelAccess;
}

export interface Settings {
  receiverPort: number;
  maxBodyBytes: number;
  retentionPerStream: number;
  demo: boolean;
  tunnel: TunnelSettings;
  match: MatchSettings;
  /** Signature verification rules, first match wins (absent in files written before they existed). */
  signing?: SigningRule[];
  /** Custom answers of the receiver, first match wins; none means 200 for everything. */
  responses?: ResponseRule[];
  /** Every captured push is also sent to this local URL (like `stripe listen --forward-to`); absent or '' = off. */
  forwardTo?: string;
}

export interface StreamCounts {
  push: number;
  poll: number;
  rejected: number;
  both: number;
  pushOnly: number;
  pollOnly: number;
  duplicates: number;
}

export interface DemoStatus {
  running: boolean;
  apiUrl?: string;
  eventsCreated: number;
}

export interface Notice {
  level: 'info' | 'warn' | 'error';
  message: string;
  t: number;
}

/**
 * A named capture session: its own events (sessions/<id>/events.ndjson) and its own per-session
 * settings (poll sources, demo, match, signing, responses, forwardTo). The receiver port, body
 * limit, retention and tunnel belong to the machine and are shared by all sessions.
 */
export interface SessionInfo {
  id: string;
  name: string;
  /** ISO 8601. */
  createdAt: string;
}

/** The session list as the UI shows it. */
export interface SessionList {
  currentId: string;
  sessions: SessionInfo[];
}

/** All the UI needs to draw its first frame; events keep it current after that. */
export interface Snapshot {
  /** The session this snapshot is of (absent from older cores). */
  session?: SessionInfo;
  settings: Settings;
  receiverUrl: string;
  tunnel: TunnelStatus;
  sources: PollSourceView[];
  push: PushRow[];
  poll: PollRow[];
  pollRecords: PollRecord[];
  matches: MatchGroup[];
  demo: DemoStatus;
  dataDir: string;
  notices: Notice[];
  /** The latest tunnel health checks, oldest first (absent from older cores). */
  tunnelHealth?: TunnelHealth[];
}
