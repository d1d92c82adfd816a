// A per-connection deadline for request headers that leaves idle sockets alone.
//
// Node's own headersTimeout cannot be used on the receiver: it also fires on the idle sockets that
// localtunnel pre-opens and keeps for the next public request, and the stale 408 then reaches that
// next sender (see RECEIVER_SERVER_TIMEOUTS). The difference that matters is whether the peer has
// started a request: an idle socket has sent no byte since its last response, a slowloris sender has
// sent some and is trickling the rest. Only the second is timed. bytesRead is read from the handle,
// so this works while the HTTP parser consumes the socket natively (no 'data' listener, no slowdown).
import type { Socket } from 'node:net';

/** Generous for any real sender (headers come in one packet, even through a tunnel), short for an attack. */
export const DEFAULT_HEADER_DEADLINE_MS = 20_000;

interface Watched {
  /** bytesRead when the socket last became idle. */
  mark: number;
  /** When bytes past the mark were first seen. */
  since: number | undefined;
  /** A request is being handled: its headers are complete. */
  busy: boolean;
}

export class HeaderDeadline {
  private readonly sockets = new Map<Socket, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private readonly sweepMs: number;

  constructor(
    private readonly deadlineMs: number,
    private readonly onExpired: (socket: Socket, bytesReceived: number) => void,
  ) {
    if (!Number.isFinite(deadlineMs) || deadlineMs <= 0) {
      throw new RangeError(`header deadline must be a positive number of milliseconds, got ${String(deadlineMs)}`);
    }
    this.sweepMs = Math.max(25, Math.min(1000, Math.floor(deadlineMs / 4)));
  }

  track(socket: Socket): void {
    this.sockets.set(socket, { mark: socket.bytesRead, since: undefined, busy: false });
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) this.stop();
    });
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.sweepMs);
      this.timer.unref();
    }
  }

  requestStarted(socket: Socket): void {
    const w = this.sockets.get(socket);
    if (!w) return;
    w.busy = true;
    w.since = undefined;
  }

  requestDone(socket: Socket): void {
    const w = this.sockets.get(socket);
    if (!w) return;
    w.busy = false;
    w.mark = socket.bytesRead;
    w.since = undefined;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [socket, w] of this.sockets) {
      if (w.busy) continue;
      const bytes = socket.bytesRead - w.mark;
      if (bytes <= 0) continue;
      if (w.since === undefined) w.since = now;
      else if (now - w.since >= this.deadlineMs) {
        this.sockets.delete(socket);
        this.onExpired(socket, bytes);
      }
    }
  }
}
