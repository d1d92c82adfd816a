// A loopback proxy in front of an API that remembers what it served and when: the truth of what
// polling could have seen, independent of Hookscope's own poller.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from '../../../src-main/core/clock';

export interface Served {
  t: number;
  status: number;
  ids: string[];
}

export interface RecordingProxy {
  url: string;
  served: Served[];
  inFlight(): number;
  close(): Promise<void>;
}

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const served: Served[] = [];
  let busy = 0;
  const server: Server = createServer((req, res) => {
    busy += 1;
    const headers: Record<string, string> = {};
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string') headers['if-none-match'] = inm;
    void fetch(`${upstream}${req.url ?? '/'}`, { headers })
      .then(async (up) => {
        const text = up.status === 304 ? '' : await up.text();
        let ids: string[] = [];
        if (text) ids = ((JSON.parse(text) as { data?: { id: string }[] }).data ?? []).map((item) => item.id);
        const out: Record<string, string> = { 'content-type': 'application/json' };
        const etag = up.headers.get('etag');
        if (etag) out.etag = etag;
        served.push({ t: nowMs(), status: up.status, ids });
        res.writeHead(up.status, out).end(text);
      })
      .catch((error: unknown) => res.writeHead(502).end(String(error)))
      .finally(() => {
        busy -= 1;
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    inFlight: () => busy,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
