// Defaults and validation of the demo's knobs: a bad value is refused up front with a message
// naming it, rather than producing a demo that silently never fires.
import { randomBytes, randomInt } from 'node:crypto';
import { nowMs } from '../clock';
import { decodeStandardWebhookSecret } from '../signing/standard-webhooks';

export interface DemoRate {
  /** Mean of the steady Poisson stream; 0 turns it off. */
  eventsPerSec?: number;
  /** Mean spacing of bursts (±20 %); 0 turns them off. */
  burstEverySec?: number;
  /** Inclusive range of events per burst. */
  burstSize?: [number, number];
}

export interface DemoFaultRates {
  dropRate?: number;
  duplicateRate?: number;
  ephemeralRate?: number;
  updateRate?: number;
  delayMedianMs?: number;
  delayMaxMs?: number;
}

export interface DemoOptions {
  /** Fixed seed → identical sequence of events and fault decisions; random when absent. */
  seed?: number;
  /** Webhook URL at delivery time; undefined → that delivery is skipped and recorded as lost ('no target'). */
  target: () => string | undefined;
  /** Standard Webhooks secret 'whsec_<base64>'; generated when absent. */
  secret?: string;
  rate?: DemoRate;
  faults?: DemoFaultRates;
  /** Port of the loopback API; 0 (default) picks a free one. */
  apiPort?: number;
  now?: () => number;
  /** Per-request timeout of a delivery (default 10 000 ms). */
  deliveryTimeoutMs?: number;
  /** Waits before each retry of a failed delivery (default [1000, 3000]: two retries). */
  retryDelaysMs?: number[];
  /** Events kept in the API and the truth; the oldest are forgotten beyond this (default 10 000). */
  retain?: number;
  /** Where errors thrown by listeners inside the demo's timers go (default console.error). */
  onError?: (err: unknown) => void;
}

export interface ResolvedDemoOptions {
  seed: number;
  target: () => string | undefined;
  secret: string;
  eventsPerSec: number;
  burstEverySec: number;
  burstSize: [number, number];
  dropRate: number;
  duplicateRate: number;
  ephemeralRate: number;
  updateRate: number;
  delayMedianMs: number;
  delayMaxMs: number;
  apiPort: number;
  now: () => number;
  deliveryTimeoutMs: number;
  retryDelaysMs: number[];
  retain: number;
  onError: (err: unknown) => void;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`demo option ${name} must be a finite number >= 0, got ${String(v)}`);
  return v;
}

function probability(name: string, value: number | undefined, fallback: number): number {
  const v = nonNegative(name, value, fallback);
  if (v > 1) throw new RangeError(`demo option ${name} must be between 0 and 1, got ${v}`);
  return v;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`demo option ${name} must be an integer >= 1, got ${String(v)}`);
  return v;
}

export function resolveDemoOptions(opts: DemoOptions): ResolvedDemoOptions {
  if (typeof opts.target !== 'function') throw new TypeError('demo option target must be a function returning the webhook URL or undefined');
  const seed = opts.seed ?? randomInt(0, 2 ** 32 - 1);
  if (!Number.isInteger(seed)) throw new RangeError(`demo option seed must be an integer, got ${String(seed)}`);

  const secret = opts.secret ?? `whsec_${randomBytes(24).toString('base64')}`;
  decodeStandardWebhookSecret(secret);

  const rate = opts.rate ?? {};
  const faults = opts.faults ?? {};
  const burstSize = rate.burstSize ?? [3, 8];
  const [minBurst, maxBurst] = burstSize;
  if (!Number.isInteger(minBurst) || !Number.isInteger(maxBurst) || minBurst < 1 || maxBurst < minBurst) {
    throw new RangeError(`demo option rate.burstSize must be [min, max] integers with 1 <= min <= max, got ${JSON.stringify(burstSize)}`);
  }
  const delayMedianMs = nonNegative('faults.delayMedianMs', faults.delayMedianMs, 300);
  const delayMaxMs = nonNegative('faults.delayMaxMs', faults.delayMaxMs, 4000);
  const apiPort = opts.apiPort ?? 0;
  if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65535) throw new RangeError(`demo option apiPort must be an integer 0–65535, got ${String(apiPort)}`);
  const retryDelaysMs = opts.retryDelaysMs ?? [1000, 3000];
  retryDelaysMs.forEach((ms, i) => nonNegative(`retryDelaysMs[${i}]`, ms, 0));

  return {
    seed: seed >>> 0,
    target: opts.target,
    secret,
    eventsPerSec: nonNegative('rate.eventsPerSec', rate.eventsPerSec, 0.7),
    burstEverySec: nonNegative('rate.burstEverySec', rate.burstEverySec, 15),
    burstSize: [minBurst, maxBurst],
    dropRate: probability('faults.dropRate', faults.dropRate, 0.04),
    duplicateRate: probability('faults.duplicateRate', faults.duplicateRate, 0.06),
    ephemeralRate: probability('faults.ephemeralRate', faults.ephemeralRate, 0.04),
    updateRate: probability('faults.updateRate', faults.updateRate, 0.05),
    delayMedianMs,
    delayMaxMs: Math.max(delayMaxMs, 0),
    apiPort,
    now: opts.now ?? nowMs,
    deliveryTimeoutMs: positiveInt('deliveryTimeoutMs', opts.deliveryTimeoutMs, 10_000),
    retryDelaysMs: [...retryDelaysMs],
    retain: positiveInt('retain', opts.retain, 10_000),
    onError: opts.onError ?? ((err: unknown) => console.error('[demo]', err)),
  };
}
