// Outreachly's REST API on loopback, shaped like Stripe's list endpoints so the poller meets a
// familiar contract: newest first, `{object: "list", data, has_more}`, ETag + If-None-Match.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventStore } from './event-store';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 100;

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-cache', ...extra });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { error: { type, message } });
}

/** RFC 9110: If-None-Match uses weak comparison and may list several tags or `*`. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

function parseLimit(raw: string | null): number | string {
  if (raw === null) return DEFAULT_LIST_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return `limit must be an integer between 1 and ${MAX_LIST_LIMIT}, got "${raw}"`;
  // Larger asks are served the maximum rather than refused, so a generous poller config still works.
  return Math.min(Number(raw), MAX_LIST_LIMIT);
}

function handle(store: EventStore, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/\/+$/, '');
  // Node leaves the body out of HEAD answers by itself.
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 404, 'not_found', `no route for ${req.method ?? '?'} ${url.pathname}`);
    return;
  }

  if (path === '/v1/events') {
    const limit = parseLimit(url.searchParams.get('limit'));
    if (typeof limit === 'string') {
      sendError(res, 400, 'invalid_request', limit);
      return;
    }
    const { data, hasMore } = store.newest(limit);
    const text = JSON.stringify({ object: 'list', data, has_more: hasMore });
    // Hashing the representation makes the tag change exactly when what this request would see changes.
    const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
    if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
      res.writeHead(304, { etag, 'cache-control': 'no-cache' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), etag, 'cache-control': 'no-cache' });
    res.end(text);
    return;
  }

  const single = /^\/v1\/events\/([^/]+)$/.exec(path);
  if (single?.[1] !== undefined) {
    const id = decodeURIComponent(single[1]);
    const event = store.get(id);
    if (event) sendJson(res, 200, event);
    else sendError(res, 404, 'not_found', `no such event: ${id}`);
    return;
  }

  sendError(res, 404, 'not_found', `no route for ${req.method} ${url.pathname}; try GET /v1/events`);
}

export interface DemoApiServer {
  url: string;
  close(): Promise<void>;
}

export function startDemoApi(store: EventStore, port: number): Promise<DemoApiServer> {
  const server: Server = createServer((req, res) => {
    try {
      handle(store, req, res);
    } catch (err) {
      // A malformed URL (bad percent-encoding) must answer, not kill the request silently.
      if (!res.headersSent) sendError(res, 400, 'invalid_request', err instanceof Error ? err.message : String(err));
      else res.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
