// `hookscope serve`: the same core as the desktop app, with the UI served to a browser over the
// WebSocket transport. Prints the addresses, then one line per tunnel state change.
import { spawn } from 'node:child_process';
import type { PollSourceInput, SettingsPatch } from '../contract/api';
import type { TunnelStatus } from '../contract/model';
import { createSession } from '../core/session';
import { startUiServer } from '../headless/ui-server';
import type { ServeFlags } from './main';
import { locateRendererDir } from './renderer-dir';

export async function runServe(flags: ServeFlags): Promise<void> {
  const settings: SettingsPatch = { receiverPort: flags.receiverPort, demo: flags.demo };
  if (flags.tunnel || flags.tunnelHost || flags.tunnelSubdomain) {
    settings.tunnel = {
      enabled: flags.tunnel,
      ...(flags.tunnelHost && { host: flags.tunnelHost }),
      ...(flags.tunnelSubdomain && { subdomain: flags.tunnelSubdomain }),
    };
  }
  const pollSources: PollSourceInput[] = flags.poll
    ? [
        {
          id: 'cli',
          name: new URL(flags.poll).host,
          url: flags.poll,
          headers: flags.pollHeader,
          intervalMs: flags.pollEvery,
          itemsPath: flags.itemsPath,
          idPath: flags.idPath,
          enabled: true,
        },
      ]
    : [];
  const rendererDir = locateRendererDir();
  const session = await createSession({
    dataDir: flags.dataDir,
    settings,
    pollSources,
    demo: flags.seed !== undefined ? { seed: flags.seed } : undefined,
  });
  let ui: Awaited<ReturnType<typeof startUiServer>>;
  try {
    ui = await startUiServer({ host: session, port: flags.uiPort, rendererDir });
  } catch (error) {
    await session.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`UI port ${flags.uiPort} is already in use; pick another with --ui-port`);
    }
    throw error;
  }

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Hookscope is running.`);
  out(`  UI:        ${ui.url}`);
  out(`  Receiver:  ${session.receiverUrl}/  (send webhooks here)`);
  out(`  Data:      ${flags.dataDir}`);
  if (flags.demo) out(`  Demo:      on (a simulated SaaS sends webhooks and serves an API; --no-demo to turn it off)`);
  session.subscribe((name, payload) => {
    if (name === 'tunnel') out(tunnelLine(payload as TunnelStatus));
  });
  if (flags.open) openInBrowser(ui.url);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`Stopping (${signal})…`);
    void Promise.allSettled([ui.close(), session.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

export function tunnelLine(status: TunnelStatus): string {
  const parts = [`Tunnel:    ${status.state}`];
  if (status.url) parts.push(status.url);
  if (status.reason) parts.push(`(${status.reason})`);
  return parts.join(' ');
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stdout.write(`  (could not open a browser; open the UI address above yourself)\n`));
  child.unref();
}
