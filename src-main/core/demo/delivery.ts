// One webhook POST, signed the Standard Webhooks way. It never rejects: every outcome comes back
// as a status or an error in words, because a failed delivery is data for the truth, not a crash.
import { signStandardWebhook } from '../signing/standard-webhooks';

export const USER_AGENT = 'Outreachly-Webhooks/1.0';

export interface DeliveryRequest {
  url: string;
  secret: string;
  webhookId: string;
  timestampSec: number;
  body: string;
  timeoutMs: number;
  /** Aborted when the demo stops, so nothing is left in flight. */
  cancel: AbortSignal;
}

export interface DeliveryOutcome {
  status?: number;
  error?: string;
}

function describe(err: unknown, req: DeliveryRequest, timeout: AbortSignal): string {
  if (req.cancel.aborted) return 'cancelled';
  if (timeout.aborted) return `timeout after ${req.timeoutMs} ms`;
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  const message = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}

export async function deliver(req: DeliveryRequest): Promise<DeliveryOutcome> {
  // A cleared timer rather than AbortSignal.timeout(), so no timer outlives the request.
  const timeoutController = new AbortController();
  const timeout = timeoutController.signal;
  const timer = setTimeout(() => timeoutController.abort(), req.timeoutMs);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': req.webhookId,
        'webhook-timestamp': String(req.timestampSec),
        'webhook-signature': signStandardWebhook(req.secret, req.webhookId, req.timestampSec, req.body),
        // loca.lt shows an interstitial page to clients that do not send this.
        'bypass-tunnel-reminder': '1',
      },
      body: req.body,
      signal: AbortSignal.any([timeout, req.cancel]),
      redirect: 'manual',
    });
    // Drain so the connection can be reused or closed; the answer's content is of no interest.
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? { status: res.status } : { status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    return { error: describe(err, req, timeout) };
  } finally {
    clearTimeout(timer);
  }
}
