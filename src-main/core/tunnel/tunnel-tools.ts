// The two user actions around the public URL: a test webhook sent the way a real sender would, and
// the loca.lt reminder-page password, which only the public service can tell.
import { isIP } from 'node:net';
import type { TestWebhookResult, TunnelAccess, TunnelStatus } from '../../contract/model';
import { isoOf, nowMs } from '../clock';
import { newId } from '../ids';
import { formatSeconds } from './backoff';
import { networkDetail } from './handshake';
import { accessHeaders, publicHookUrl } from './tunnel-access';
import { TimedOut, within } from './within';

export const TEST_WEBHOOK_PATH = '/hookscope-test';
export const PASSWORD_URL = 'https://loca.lt/mytunnelpassword';

export interface TestWebhookOptions {
  status: TunnelStatus;
  access: TunnelAccess | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function sendTestWebhook(opts: TestWebhookOptions): Promise<TestWebhookResult> {
  const { status } = opts;
  if (status.state !== 'online' && status.state !== 'degraded') {
    throw new Error(`the tunnel is ${status.state}${status.reason ? ` (${status.reason})` : ''}; turn it on and wait until it is online`);
  }
  if (!status.url) throw new Error('the tunnel has no public URL yet; wait until it is online');
  const url = `${publicHookUrl(status.url, opts.access)}${TEST_WEBHOOK_PATH}`;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const t = nowMs();
  const body = JSON.stringify({ id: newId('test'), type: 'hookscope.test', created_at: isoOf(t), note: 'sent by Hookscope through its public URL' });
  const ac = new AbortController();
  try {
    const res = await within(
      (opts.fetch ?? globalThis.fetch)(url, {
        method: 'POST',
        body,
        signal: ac.signal,
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'hookscope-test-webhook',
          // The public service would otherwise answer browser-like senders with its reminder page.
          'bypass-tunnel-reminder': '1',
          ...accessHeaders(opts.access),
        },
      }),
      timeoutMs,
      ac.signal,
    );
    const text = await within(res.text(), Math.max(1, t + timeoutMs - nowMs()), ac.signal);
    const rttMs = nowMs() - t;
    const eventId = receiverEventId(text);
    if (res.status === 200 && eventId) return { ok: true, url, status: res.status, rttMs, eventId };
    return { ok: false, url, status: res.status, rttMs, error: `HTTP ${res.status} through the public URL${explain(res.status, eventId)}` };
  } catch (err) {
    const error = err instanceof TimedOut ? `no answer through the public URL within ${formatSeconds(timeoutMs)}` : `request through the public URL failed: ${networkDetail(err)}`;
    return { ok: false, url, error };
  } finally {
    ac.abort();
  }
}

export interface PasswordOptions {
  url?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function fetchTunnelPassword(opts: PasswordOptions = {}): Promise<string> {
  const url = opts.url ?? PASSWORD_URL;
  const timeoutMs = opts.timeoutMs ?? 8000;
  const fallback = "It is this computer's public IP address: any 'what is my IP' page shows it too.";
  const ac = new AbortController();
  try {
    const res = await within((opts.fetch ?? globalThis.fetch)(url, { signal: ac.signal }), timeoutMs, ac.signal);
    const text = (await within(res.text(), timeoutMs, ac.signal)).trim();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    if (isIP(text) === 0) throw new Error(`the answer is not an IP address: ${text.slice(0, 60)}`);
    return text;
  } catch (err) {
    const detail = err instanceof TimedOut ? `no answer within ${formatSeconds(timeoutMs)}` : networkDetail(err);
    throw new Error(`could not get the tunnel password from ${url}: ${detail}. ${fallback}`, { cause: err });
  } finally {
    ac.abort();
  }
}

function receiverEventId(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'id' in body && typeof body.id === 'string') return body.id;
  } catch {
    // Not the receiver's answer (a tunnel server's error page): no id.
  }
  return undefined;
}

function explain(status: number, eventId: string | undefined): string {
  if (status === 200 && !eventId) return ', but the answer did not come from Hookscope';
  if (status === 401) return ' (basic auth refused, or the service showed its reminder page)';
  if (status === 404) return ' (the tunnel server does not know this tunnel, or the secret path was refused)';
  if (status === 413) return ' (the body is over a size limit)';
  if (status >= 502 && status <= 504) return ' (the tunnel server could not reach this computer)';
  return '';
}
