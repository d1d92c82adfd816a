// What the demo SaaS sends and what it remembers doing: the ground truth Hookscope's
// classification is checked against.

/** The event object: the webhook body and the API item are this same object at creation time. */
export interface DemoEvent {
  id: string;
  type: string;
  /** ISO 8601 with milliseconds. */
  created_at: string;
  data: Record<string, unknown>;
  /** Only on the API copy, once the object changed after it was pushed. */
  updated_at?: string;
}

export type DeliveryKind = 'first' | 'duplicate' | 'retry';

export interface DeliveryRecord {
  eventId: string;
  /** The `webhook-id` header: the same on every delivery of one event. */
  webhookId: string;
  /** 1-based, counting every delivery planned for the event. */
  attempt: number;
  kind: DeliveryKind;
  /** For a retry: the attempt whose failure caused it. */
  retryOf?: number;
  /** Epoch ms at which the delivery was due. */
  plannedAt: number;
  /** Epoch ms at which the request left; absent when it never did. */
  sentAt?: number;
  /** The `webhook-timestamp` header sent (unix seconds). */
  timestampSec?: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why it did not succeed: 'dropped', 'no target', 'HTTP 500', 'timeout', 'connection refused', 'cancelled'… */
  error?: string;
  /** Never sent, on purpose (fault injection) or because there was nowhere to send it. */
  dropped: boolean;
}

/** The fault decisions drawn for an event when it was created. */
export interface DemoFaults {
  /** The webhook is lost: never delivered. */
  drop: boolean;
  /** The webhook is delivered twice (same webhook-id). */
  duplicate: boolean;
  /** The event vanishes from the API shortly after creation. */
  ephemeral: boolean;
  /** The API object changes shortly after creation. */
  update: boolean;
  /** Delay from creation to the first delivery (ms). */
  delayMs: number;
  /** Gap between the first delivery and its duplicate (ms). */
  duplicateGapMs: number;
  /** Time from creation to removal from the API (ms). */
  removeAfterMs: number;
  /** Time from creation to the change in the API (ms). */
  updateAfterMs: number;
}

export interface DemoTruthEvent {
  id: string;
  type: string;
  webhookId: string;
  /** Its index in the run (0-based): the same seed gives the same event at the same index. */
  seq: number;
  createdAt: number;
  removedFromApiAt?: number;
  updatedAt?: number;
  faults: DemoFaults;
  deliveries: DeliveryRecord[];
}

export interface DemoTotals {
  events: number;
  /** Deliveries that left the demo (any outcome). */
  sent: number;
  /** Deliveries answered with 2xx. */
  succeeded: number;
  /** Deliveries sent that failed (non-2xx, network error, timeout, cancelled in flight). */
  failed: number;
  /** Deliveries never sent (fault, no target). */
  dropped: number;
  duplicates: number;
  retries: number;
  /** Deliveries still waiting for their time or for an answer. */
  pending: number;
  removedFromApi: number;
  updated: number;
}

export interface DemoTruth {
  seed: number;
  events: DemoTruthEvent[];
  totals: DemoTotals;
}
