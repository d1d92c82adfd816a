// Out-of-the-box settings: the demo on, the tunnel off, matching by `id` on both sides.
import type { PollSourceConfig, Settings } from '../contract/model';

export const DEFAULT_RECEIVER_PORT = 4747;
export const DEFAULT_UI_PORT = 4748;
export const PUBLIC_TUNNEL_HOST = 'https://localtunnel.me';

export const DEFAULT_SETTINGS: Settings = {
  receiverPort: DEFAULT_RECEIVER_PORT,
  maxBodyBytes: 25 * 1024 * 1024,
  retentionPerStream: 50_000,
  demo: true,
  tunnel: { enabled: false, host: PUBLIC_TUNNEL_HOST },
  match: { pushKey: 'id', pollKey: 'id', timePath: '' },
};

export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const DEMO_SOURCE_ID = 'demo';
export const DEMO_WEBHOOK_PATH = '/webhooks/outreachly';

export function demoSourceConfig(apiUrl: string): PollSourceConfig {
  return {
    id: DEMO_SOURCE_ID,
    name: 'Outreachly API (demo)',
    url: `${apiUrl}/v1/events?limit=50`,
    headers: [],
    intervalMs: DEFAULT_POLL_INTERVAL_MS,
    itemsPath: 'data',
    idPath: 'id',
    enabled: true,
    demo: true,
  };
}
