// `hookscope serve`: the same core as the desktop app, with the UI served to a browser over the
// WebSocket transport. Prints the addresses, then one line per tunnel state change.
import { spawn } from 'node:child_process';
import type { PollSourceInput, SettingsPatch } from '../contract/api';
import type { Notice, PollSourceView, TunnelStatus } from '../contract/model';
import { createSession } from '../core/session';
import { startUiServer } from '../headless/ui-server';
import type { ServeFlags } from './main';
import { locateRendererDir } from './renderer-dir';
import { readConfigText } from './config-file';
import { parseInspectorConfig } from './inspector-config';
import { parsePollConfig } from './poll-config';

export async function runServe(flags: ServeFlags): Promise<void> {
  // Only --no-demo overrides: otherwise the opened session's own setting decides (on for the first
  // session, off for a new named one unless the user turned it on there).
  const settings: SettingsPatch = { receiverPort: flags.receiverPort, ...(!flags.demo && { demo: false }) };
  const match = {
    ...(flags.matchPush !== undefined && { pushKey: flags.matchPush }),
    ...(flags.matchPoll !== undefined && { pollKey: flags.matchPoll }),
    ...(flags.timePath !== undefined && { timePath: flags.timePath }),
  };
  if (Object.keys(match).length > 0) settings.match = match;
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
          ...(flags.pollUpdatedPath && { updatedAtPath: flags.pollUpdatedPath }),
          enabled: true,
        },
      ]
    : [];
  const configText = flags.config ? await readConfigText(flags.config) : undefined;
  if (flags.config && configText !== undefined) pollSources.push(...parsePollConfig(configText, flags.config));
  const { signingRules, responseRules, forwardTo } =
    flags.config && configText !== undefined ? parseInspectorConfig(configText, flags.config) : { signingRules: [], responseRules: [], forwardTo: undefined };
  // The flag wins over the file; either applies to this run only, like the other flags.
  const forward = flags.forwardTo ?? forwardTo;
  if (forward !== undefined) settings.forwardTo = forward;
  const rendererDir = locateRendererDir();
  const session = await createSession({
    dataDir: flags.dataDir,
    settings,
    pollSources,
    signingRules,
    responseRules,
    demo: flags.seed !== undefined ? { seed: flags.seed } : undefined,
    session: flags.session,
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
  const { session: opened, created } = session.opened;
  out(`  Session:   ${opened.name} (${opened.id})${created ? ', new' : ''}`);
  if (forward !== undefined) out(`  Forward:   every webhook also goes to ${forward}`);
  if (session.demoStatus().running) out(`  Demo:      on (a simulated SaaS sends webhooks and serves an API; --no-demo to turn it off)`);
  // What the app shows as a banner at start (a damaged settings file moved aside, a secret store it
  // could not use): a headless user only has this terminal, so each is one line of the block.
  for (const line of startupWarnings(session.recentNotices())) out(line);
  // A headless user watches the terminal: tell them when a poll source starts or stops failing.
  const lastPollError = new Map<string, string | undefined>();
  let lastTunnel = '';
  session.subscribe((name, payload) => {
    if (name === 'tunnel') {
      // One line per change of state or URL: a tunnel retrying every 10 s must not flood the terminal.
      const status = payload as TunnelStatus;
      const key = `${status.state} ${status.url ?? ''} ${status.urlChangedFrom ?? ''}`;
      if (key !== lastTunnel) out(tunnelLine(status));
      lastTunnel = key;
    }
    if (name === 'sources') {
      for (const { config, status } of payload as PollSourceView[]) {
        // lastError is cleared only by a good poll, so between retries it still says what is wrong.
        const error = status.lastError;
        if (lastPollError.get(config.id) === error) continue;
        if (error !== undefined) out(`Poll:      ${config.name}: ${error}`);
        else if (lastPollError.get(config.id) !== undefined) out(`Poll:      ${config.name}: ok again`);
        lastPollError.set(config.id, error);
      }
    }
  });
  if (flags.open) openInBrowser(ui.url);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`Stopping (${signal})…`);
    void Promise.allSettled([ui.close(), session.close()]).then(() => process.exit(0));
  };
  // `on`, not `once`: a second signal (npm forwards one, impatient users send another) must not
  // kill the process before the store is flushed and the data lock released.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** One line per warning or error noticed while opening the data folder; whitespace (a JSON error may quote a newline) collapsed. */
export function startupWarnings(notices: readonly Notice[]): string[] {
  return notices
    .filter((n) => n.level !== 'info')
    .map((n) => `  ${n.level === 'error' ? 'Error:     ' : 'Warning:   '}${n.message.replace(/\s+/g, ' ').trim()}`);
}

export function tunnelLine(status: TunnelStatus): string {
  const parts = [`Tunnel:    ${status.state}`];
  if (status.url) parts.push(status.url);
  if (status.reason) parts.push(`(${status.reason})`);
  if (status.urlChangedFrom) parts.push(`[public URL changed: ${status.urlChangedFrom} no longer works]`);
  return parts.join(' ');
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stdout.write(`  (could not open a browser; open the UI address above yourself)\n`));
  child.unref();
}
