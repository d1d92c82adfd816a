// The library ships no types for its internal cluster; this is the part Hookscope relies on
// (read from @n8n/localtunnel 3.0.0 lib/TunnelCluster.js).
declare module '@n8n/localtunnel/lib/TunnelCluster.js' {
  import { EventEmitter } from 'node:events';

  export interface TunnelClusterInfo {
    name: string;
    url: string;
    max_conn: number;
    remote_host: string;
    remote_ip?: string;
    remote_port: number;
    local_port: number;
    local_host: string;
  }

  // Events: 'open' (net.Socket to the tunnel server, once connected), 'dead' (a slot ended),
  // 'error' (Error, only for ECONNREFUSED on the tunnel server), 'request' ({ method, path }).
  export default class TunnelCluster extends EventEmitter {
    constructor(info: TunnelClusterInfo);
    open(): void;
  }
}
