// A small REST API on 127.0.0.1 for poller tests. Its behaviour is switched live between polls so a
// test can script an API's life: items added and edited, conditional requests, outages, bad bodies.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Where the items sit in the JSON body. */
export type ItemsShape =
  | { kind: 'array' }
  | { kind: 'data' }
  | { kind: 'items' }
  /** Under a dot path of objects, e.g. `result.list`. */
  | { kind: 'path'; path: string }
  /** An object with no array anywhere the poller looks by default. */
  | { kind: 'object' };

export interface TestApiBehaviour {
  shape: ItemsShape;
  /** Send a strong ETag and answer a matching If-None-Match with 304. */
  etag: boolean;
  /** Send Last-Modified (moved on by setItems) and answer If-Modified-Since with 304. */
  lastModified: boolean;
  /** Answer with this status and a small JSON error body instead of the items. */
  status?: number;
  /** Answer 200 with an HTML page instead of JSON (a login or proxy page). */
  html: boolean;
  /** Answer 200 with exactly this body and content type (for odd bodies: empty, huge, truncated). */
  rawBody?: { body: string | Buffer; contentType: string };
  /** Wait this long before sending the headers. */
  delayMs: number;
  /** Send the headers, then wait this long before the body. */
  bodyDelayMs: number;
  /** Destroy the connection without answering. */
  closeConnection: boolean;
  /** Sent with a forced status: a number of seconds, or a Date sent as an HTTP-date. */
  retryAfter?: number | Date;
  /** Extra headers on every answer (rate-limit headers, X-Poll-Interval). */
  extraHeaders?: Record<string, string>;
  /** Serve the items in pages of this size: `link` (GitHub Link rel=next, ?page=N) or `has_more` (Stripe, starting_after). */
  paginate?: { style: 'link' | 'has_more'; pageSize: number };
  /** Answer every request with a redirect to itself (a loop). */
  redirectLoop: boolean;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** Date.now() when the request arrived. */
  at: number;
}

export interface TestApi {
  /** Full URL of the items endpoint. */
  readonly url: string;
  /** Base URL without a path. */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Most requests that were being answered at the same moment. */
  readonly maxConcurrent: number;
  readonly inFlight: number;
  items: unknown[];
  behaviour: TestApiBehaviour;
  /** Replace the items; moves Last-Modified on by one second so If-Modified-Since sees the change. */
  setItems(items: unknown[]): void;
  set(patch: Partial<TestApiBehaviour>): void;
  close(): Promise<void>;
}

export const ITEMS_PATH = '/v1/items';

const DEFAULTS: TestApiBehaviour = {
  shape: { kind: 'array' },
  etag: false,
  lastModified: false,
  html: false,
  delayMs: 0,
  bodyDelayMs: 0,
  closeConnection: false,
  redirectLoop: false,
};

export async function startTestApi(initial: { items?: unknown[]; behaviour?: Partial<TestApiBehaviour> } = {}): Promise<TestApi> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxConcurrent = 0;
  // Whole seconds, as HTTP dates have no finer precision.
  let modifiedAt = Math.floor(Date.now() / 1000) * 1000 - 60_000;

  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const api: TestApi = {
    url: '',
    origin: '',
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    get inFlight() {
      return inFlight;
    },
    items: initial.items ?? [],
    behaviour: { ...DEFAULTS, ...initial.behaviour },
    setItems(items) {
      api.items = items;
      modifiedAt += 1000;
    },
    set(patch) {
      api.behaviour = { ...api.behaviour, ...patch };
    },
    close: () => close(),
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const b = api.behaviour;
    await later(b.delayMs);
    if (res.destroyed) return;
    if (b.closeConnection) {
      req.socket.destroy();
      return;
    }
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== ITEMS_PATH) {
      return send(res, 404, 'application/json', JSON.stringify({ error: 'not found' }), b.bodyDelayMs);
    }
    for (const [name, value] of Object.entries(b.extraHeaders ?? {})) res.setHeader(name, value);
    if (b.redirectLoop) {
      res.setHeader('location', req.url ?? ITEMS_PATH);
      return send(res, 302, undefined, '', 0);
    }
    if (b.status !== undefined && b.retryAfter !== undefined) {
      res.setHeader('retry-after', b.retryAfter instanceof Date ? b.retryAfter.toUTCString() : String(b.retryAfter));
    }
    if (b.paginate) {
      const page = paginate(api.items, b.paginate, new URL(req.url ?? '/', 'http://x'));
      if (b.status === undefined) {
        if (page.next) res.setHeader('link', `<${ITEMS_PATH}${page.next}>; rel="next", <${ITEMS_PATH}?page=1>; rel="first"`);
        return send(res, 200, 'application/json', JSON.stringify(page.body), b.bodyDelayMs);
      }
    }
    if (b.status !== undefined) {
      return send(res, b.status, 'application/json', JSON.stringify({ error: `forced ${b.status}` }), b.bodyDelayMs);
    }
    if (b.html) {
      return send(res, 200, 'text/html', '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>', b.bodyDelayMs);
    }
    if (b.rawBody) return send(res, 200, b.rawBody.contentType, b.rawBody.body, b.bodyDelayMs);

    const body = JSON.stringify(wrap(api.items, b.shape));
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (b.etag) {
      res.setHeader('etag', etag);
      if (req.headers['if-none-match'] === etag) return send(res, 304, undefined, '', 0);
    }
    if (b.lastModified) {
      res.setHeader('last-modified', new Date(modifiedAt).toUTCString());
      const since = Date.parse(req.headers['if-modified-since'] ?? '');
      if (!req.headers['if-none-match'] && !Number.isNaN(since) && modifiedAt <= since) return send(res, 304, undefined, '', 0);
    }
    return send(res, 200, 'application/json', body, b.bodyDelayMs);
  };

  const send = async (res: ServerResponse, status: number, contentType: string | undefined, body: string | Buffer, bodyDelayMs: number): Promise<void> => {
    res.statusCode = status;
    if (contentType) res.setHeader('content-type', contentType);
    if (bodyDelayMs > 0) {
      res.flushHeaders();
      await later(bodyDelayMs);
      if (res.destroyed) return;
    }
    res.end(body);
  };

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() });
    inFlight += 1;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
    };
    res.on('close', done);
    answer(req, res).catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  Object.assign(api, { origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${ITEMS_PATH}` });

  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });

  return api;
}

function wrap(items: unknown[], shape: ItemsShape): unknown {
  switch (shape.kind) {
    case 'array':
      return items;
    case 'data':
      return { object: 'list', has_more: false, data: items };
    case 'items':
      return { total_count: items.length, incomplete_results: false, items };
    case 'path':
      return shape.path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), items);
    case 'object':
      return { object: 'list', count: items.length, results: 'see elsewhere' };
  }
}

/** One page of the items, newest first as served: by ?page=N (Link) or after ?starting_after=<id> (has_more). */
function paginate(items: unknown[], opts: { style: 'link' | 'has_more'; pageSize: number }, url: URL): { body: unknown; next?: string } {
  if (opts.style === 'link') {
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const slice = items.slice((page - 1) * opts.pageSize, page * opts.pageSize);
    const more = page * opts.pageSize < items.length;
    return { body: slice, next: more ? `?page=${page + 1}` : undefined };
  }
  const after = url.searchParams.get('starting_after');
  const start = after === null ? 0 : items.findIndex((item) => String((item as { id?: unknown }).id) === after) + 1;
  const slice = items.slice(start, start + opts.pageSize);
  return { body: { object: 'list', has_more: start + opts.pageSize < items.length, data: slice } };
}
