// A raw 'ws' client for the transport tests: collects frames and the close code.
import WebSocket from 'ws';
import type { ServerMessage } from '../../src-main/contract/api';

export interface TestClient {
  ws: WebSocket;
  messages: ServerMessage[];
  closed: { code: number; reason: string } | null;
  send(data: unknown): void;
  /** Waits for the result of call id. */
  result(id: number): Promise<ServerMessage>;
}

export function openClient(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const client: TestClient = {
      ws,
      messages: [],
      closed: null,
      send: (data) => ws.send(typeof data === 'string' ? data : JSON.stringify(data)),
      result: (id) =>
        new Promise((res, rej) => {
          const started = Date.now();
          const check = (): void => {
            const found = client.messages.find((m) => m.type === 'result' && m.id === id);
            if (found) return res(found);
            if (client.closed) return rej(new Error(`closed ${client.closed.code} before result ${id}`));
            if (Date.now() - started > 5000) return rej(new Error(`no result ${id}`));
            setTimeout(check, 5);
          };
          check();
        }),
    };
    ws.on('message', (data) => client.messages.push(JSON.parse((data as Buffer).toString('utf8')) as ServerMessage));
    ws.on('close', (code, reason) => {
      client.closed = { code, reason: reason.toString() };
    });
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode ?? 0}`)));
    ws.once('error', reject);
  });
}
