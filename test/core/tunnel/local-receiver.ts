// A stand-in for Hookscope's receiver on the tunnel port: plain node:http on 127.0.0.1, with the
// timeouts that idle pre-opened tunnel sockets need, recording what reaches it.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LocalReceiver {
  port: number;
  /** Paths of non-canary requests, in arrival order. */
  seen: string[];
  /** Paths of canary requests. */
  canaries: string[];
  /** Called for every canary path; tests point it at the manager's noteCanaryArrived. */
  onCanary: (path: string) => void;
  openConnections(): number;
  close(): Promise<void>;
}

export async function startLocalReceiver(): Promise<LocalReceiver> {
  const sockets = new Set<Socket>();
  const state: LocalReceiver = {
    port: 0,
    seen: [],
    canaries: [],
    onCanary: () => undefined,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/__hookscope_canary/')) {
      state.canaries.push(path);
      state.onCanary(path);
      res.writeHead(200).end('ok');
      return;
    }
    state.seen.push(path);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`local got ${req.method} ${path}`));
  });
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  // Tunnel sockets are reused for later requests; closing them between requests only adds churn.
  server.keepAliveTimeout = 0;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  return state;
}
