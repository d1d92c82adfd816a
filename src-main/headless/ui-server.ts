// The headless UI server: serves the built renderer and the WebSocket transport on loopback only,
// to whoever holds the per-launch token.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ContractHost } from '../contract/api';
import { allowedHosts, hostAllowed, newToken, tokenCookie, tokenSource } from './access';
import { resolveStatic, sendFile } from './static-files';
import { createWsTransport, WS_PATH } from './ws-transport';

export interface UiServerOptions {
  host: ContractHost;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Given by tests; a fresh random one otherwise. */
  token?: string;
}

export interface UiServer {
  /** http://127.0.0.1:PORT/?token=… — the address to open. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function csp(port: number): string {
  const ws = allowedHosts(port)
    .map((h) => `ws://${h}`)
    .join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function setCommonHeaders(res: ServerResponse, port: number): void {
  res.setHeader('Content-Security-Policy', csp(port));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(`${text}\n`);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hookscope: UI not built</title></head>
<body><h1>Hookscope's UI has not been built</h1>
<p>The renderer build is missing. Run <code>npm run build</code>, then reload this page.</p></body></html>
`;

export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const token = opts.token ?? newToken();
  let port = 0;
  const ws = createWsTransport({ host: opts.host, token, port: () => port });

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setCommonHeaders(res, port);
    if (!hostAllowed(req, port)) return sendText(res, 403, 'Forbidden: unexpected Host header.');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const source = tokenSource(req, url, token);
    if (!source) {
      return sendText(res, 401, 'Unauthorized: open the address Hookscope printed at start (it carries the access token).');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, `Method ${req.method ?? ''} not allowed.`);
    }
    if (source === 'query') res.setHeader('Set-Cookie', tokenCookie(token));
    if (url.pathname === WS_PATH) return sendText(res, 426, 'This address takes WebSocket connections only.');

    if (!existsSync(join(opts.rendererDir, 'index.html'))) {
      res.statusCode = 500;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(NOT_BUILT_PAGE);
      return;
    }
    const found = await resolveStatic(opts.rendererDir, url.pathname);
    if (found.kind === 'forbidden') return sendText(res, 403, `Forbidden: ${found.reason}.`);
    if (found.kind === 'not-found') return sendText(res, 404, `Not found: ${url.pathname}`);
    sendFile(res, found.path, found.size, req.method === 'HEAD');
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, `Internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname !== WS_PATH) {
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    ws.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await ws.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      // Keeps the code so callers can word it in their own terms (e.g. name the CLI flag).
      throw Object.assign(new Error(`UI port ${opts.port} on 127.0.0.1 is already in use; choose another one.`), { code });
    }
    throw err;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= (async () => {
        await ws.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
