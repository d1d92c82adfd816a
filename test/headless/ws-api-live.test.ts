// The renderer's real WebSocket client against the real headless server. The client file belongs to
// the web TypeScript project, so it is loaded by path and typed here by the few members the test uses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HookscopeApi } from '../../src-main/contract/api';
import type { TunnelStatus } from '../../src-main/contract/model';
import { startUiServer, type UiServer } from '../../src-main/headless/ui-server';
import { createFakeHost, type FakeHost } from './fake-host';

type State = 'connecting' | 'open' | 'closed';
interface WsApi extends HookscopeApi {
  connection: { get(): State };
  onConnection(cb: (state: State) => void): () => void;
  close(): void;
}
interface WsApiModule {
  createWsApi(url: string, opts?: Record<string, unknown>): WsApi;
}
const modulePath = '../../src-renderer/src/api/ws-api';
const { createWsApi } = (await import(/* @vite-ignore */ modulePath)) as WsApiModule;

const TOKEN = 'live-test-token';
let dir: string;
let host: FakeHost;
let server: UiServer | undefined;
let api: WsApi | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hookscope-live-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  host = createFakeHost();
  server = await startUiServer({ host, port: 0, rendererDir: dir, token: TOKEN });
});

afterEach(async () => {
  api?.close();
  api = undefined;
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function open(port: number, opts: Record<string, unknown> = {}, token = TOKEN): WsApi {
  api = createWsApi(`ws://127.0.0.1:${port}/ws?token=${token}`, {
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    minBackoffMs: 20,
    maxBackoffMs: 100,
    ...opts,
  });
  return api;
}

describe('createWsApi against the headless server', () => {
  it('calls commands, surfaces errors, and receives events', async () => {
    const a = open(server!.port);
    expect(a.transport).toBe('websocket');
    const status: TunnelStatus = await a.setTunnel(false);
    expect(status).toMatchObject({ state: 'off' });
    await expect(a.getEvent('boom')).rejects.toThrow('event store is unreadable');
    await expect(a.removePollSource('s9')).rejects.toThrow('no poll source "s9"');
    await expect(a.clear()).resolves.toBeUndefined();
    // Bad arguments are refused by the server, so a caller that bypasses the types still gets an answer.
    await expect((a.getEvent as (x: unknown) => Promise<unknown>)(3)).rejects.toThrow(/bad arguments/);

    const got: unknown[] = [];
    const off = a.on('notice', (n) => got.push(n));
    host.emit('notice', { level: 'warn', message: 'disk full', t: 5 });
    await vi.waitFor(() => expect(got).toEqual([{ level: 'warn', message: 'disk full', t: 5 }]));
    off();
    host.emit('notice', { level: 'info', message: 'after unsubscribe', t: 6 });
    await a.snapshot();
    expect(got).toHaveLength(1);
  });

  it('keeps delivering events to other listeners when one throws', async () => {
    const a = open(server!.port);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    a.on('cleared', () => {
      throw new Error('listener bug');
    });
    a.on('cleared', () => seen.push('second'));
    await vi.waitFor(() => expect(a.connection.get()).toBe('open'));
    host.emit('cleared', {});
    await vi.waitFor(() => expect(seen).toEqual(['second']));
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('rejects a pending call when the socket drops, then reconnects when the server is back', async () => {
    const port = server!.port;
    const a = open(port);
    const states: State[] = [];
    a.onConnection((s) => states.push(s));
    await vi.waitFor(() => expect(a.connection.get()).toBe('open'));

    host.hang.add('setDemo');
    const pending = a.setDemo(true);
    await vi.waitFor(() => expect(host.calls.some((c) => c.name === 'setDemo')).toBe(true));
    const dropped = expect(pending).rejects.toThrow(/connection to Hookscope was lost/);
    await server!.close();
    await dropped;
    await vi.waitFor(() => expect(a.connection.get()).not.toBe('open'));

    // A call made while down waits for the connection instead of failing at once.
    const waiting = a.snapshot();
    host = createFakeHost();
    server = await startUiServer({ host, port, rendererDir: dir, token: TOKEN });
    await expect(waiting).resolves.toEqual({ fake: 'snapshot' });
    expect(a.connection.get()).toBe('open');
    expect(states).toContain('closed');
    expect(states.at(-1)).toBe('open');

    const got: unknown[] = [];
    a.on('cleared', (p) => got.push(p));
    host.emit('cleared', {});
    await vi.waitFor(() => expect(got).toEqual([{}]));
  });

  it('fails a call made while disconnected after the wait bound, with a clear error', async () => {
    const port = server!.port;
    await server!.close();
    server = undefined;
    const a = open(port, { connectWaitMs: 150 });
    await expect(a.snapshot()).rejects.toThrow('snapshot: no connection to Hookscope after 0 s');
    expect(a.connection.get()).not.toBe('open');
  });

  it('never opens with a wrong token and says so to callers', async () => {
    const a = open(server!.port, { connectWaitMs: 300 }, 'wrong');
    await expect(a.snapshot()).rejects.toThrow(/no connection to Hookscope/);
    expect(host.calls).toEqual([]);
  });

  it('close() fails outstanding calls and stops reconnecting', async () => {
    const a = open(server!.port);
    host.hang.add('getEvent');
    await vi.waitFor(() => expect(a.connection.get()).toBe('open'));
    const pending = a.getEvent('e1');
    await vi.waitFor(() => expect(host.calls).toHaveLength(1));
    const closed = expect(pending).rejects.toThrow('getEvent: the connection to Hookscope was closed');
    a.close();
    await closed;
    await expect(a.snapshot()).rejects.toThrow('snapshot: the connection to Hookscope is closed');
    expect(a.connection.get()).toBe('closed');
  });
});
