// Timer hygiene and backoff spacing, with fake timers and a scripted fetch.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TunnelManager } from '../../../src-main/core/tunnel/tunnel-manager';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

// A fetch that never answers and ignores its abort signal: the worst case for a hung handshake.
const neverFetch: typeof fetch = () => new Promise<Response>(() => undefined);

describe('TunnelManager timers', () => {
  it('times out a handshake whose fetch ignores its signal, using the 10 s default', async () => {
    vi.useFakeTimers();
    const m = new TunnelManager({ localPort: 4000, host: 'http://127.0.0.1:1', fetch: neverFetch, canaryEveryMs: 0 });
    m.start();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(m.status.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(m.status.state).toBe('reconnecting');
    expect(m.status.reason).toMatch(/^handshake timed out after 10 s — retrying in \d/);
    await m.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind when stopped while connecting', async () => {
    vi.useFakeTimers();
    const m = new TunnelManager({ localPort: 4000, host: 'http://127.0.0.1:1', fetch: neverFetch });
    m.start();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await m.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(m.status.state).toBe('off');
  });

  it('leaves no timer behind when stopped during backoff', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn<typeof fetch>(() => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })));
    const m = new TunnelManager({ localPort: 4000, host: 'http://127.0.0.1:1', fetch: fetchMock });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(m.status.state).toBe('reconnecting');
    expect(vi.getTimerCount()).toBe(1);
    await m.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('spaces retries by the backoff and never faster than the base', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fetchMock = vi.fn<typeof fetch>(() => Promise.resolve(new Response('{"message":"no"}', { status: 503 })));
    const m = new TunnelManager({ localPort: 4000, host: 'http://127.0.0.1:1', fetch: fetchMock, backoff: { baseMs: 1000, capMs: 8000 }, failAfter: 3 });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    // Third failure: 'failed', then retries at about the cap (0.8 × cap with this random).
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(m.status.state).toBe('failed');
    expect(m.status.reason).toBe('tunnel server failed the handshake: HTTP 503 no (3 failures in a row; retrying every 8 s)');
    await vi.advanceTimersByTimeAsync(6399);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(4);
    await m.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a status listener that stops the manager on failure leaves no retry behind', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn<typeof fetch>(() => Promise.resolve(new Response('', { status: 500 })));
    const m = new TunnelManager({ localPort: 4000, host: 'http://127.0.0.1:1', fetch: fetchMock });
    const stopped: Promise<void>[] = [];
    m.on('status', (s) => {
      if (s.state === 'reconnecting') stopped.push(m.stop());
    });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(stopped);
    expect(m.status.state).toBe('off');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('start() twice does not open two tunnels', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn<typeof fetch>(neverFetch);
    const m = new TunnelManager({ localPort: 4000, host: 'http://127.0.0.1:1', fetch: fetchMock });
    m.start();
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await m.stop();
  });

  it('rejects a receiver port that is not a port', () => {
    const m = new TunnelManager({ localPort: 0, host: 'http://127.0.0.1:1', fetch: neverFetch });
    m.start();
    expect(m.status).toMatchObject({ state: 'failed', reason: "the receiver's tunnel port 0 is not a valid port" });
  });
});
