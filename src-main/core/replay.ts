// Resends a captured push, as received or edited, with node:http rather than fetch: fetch rewrites
// or forbids headers (Host, Connection, Content-Length…) and the point of a replay is that the target
// gets the same bytes the receiver got.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ReplayRequest } from '../contract/api';
import type { HeaderPair, PushEvent, ReplayResult } from '../contract/model';
import { decodeBody } from './body-codec';
import { nowMs } from './clock';

export const REPLAY_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_TEXT = 64 * 1024;
/** Hop-by-hop and framing headers describe the original connection, not the request. */
const CONNECTION_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'expect']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface ReplayOptions {
  timeoutMs?: number;
}

export function replayTarget(event: PushEvent, req: ReplayRequest): { url: URL; method: string; headers: HeaderPair[]; body: Buffer } {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new Error(`replay: ${JSON.stringify(req.url)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('replay: the target must be an http:// or https:// URL');
  const method = (req.method ?? event.method).trim().toUpperCase();
  if (!TOKEN.test(method)) throw new Error(`replay: ${JSON.stringify(method)} is not an HTTP method`);
  const headers = (req.headers ?? event.headers).filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()));
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) throw new Error(`replay: ${JSON.stringify(name)} is not a header name`);
    if (/[\r\n]/.test(value)) throw new Error(`replay: the value of ${name} contains a line break`);
  }
  const body = req.body !== undefined ? decodeBody(req.body, req.bodyEncoding ?? 'utf8') : decodeBody(event.body, event.bodyEncoding);
  return { url, method, headers, body };
}

export function replayPush(event: PushEvent, req: ReplayRequest, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const { url, method, headers, body } = replayTarget(event, req);
  // The flat rawHeaders form keeps order, case and repeats, which an object of headers would merge.
  // Node adds no Host header to the flat form, and HTTP/1.1 servers refuse a request without one.
  const outgoing: string[] = ['Host', url.host, ...headers.flat()];
  if (body.length > 0 || !['GET', 'HEAD'].includes(method)) outgoing.push('Content-Length', String(body.length));
  const started = nowMs();
  const base = { url: url.toString(), method };
  return new Promise((resolve) => {
    const fail = (error: string): void => resolve({ ...base, status: null, statusText: '', headers: [], body: '', bodyTruncated: false, durationMs: nowMs() - started, error });
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req2 = send(url, { method, headers: outgoing, timeout: opts.timeoutMs ?? REPLAY_TIMEOUT_MS }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (kept < MAX_RESPONSE_TEXT) {
          chunks.push(chunk.subarray(0, MAX_RESPONSE_TEXT - kept));
          kept += Math.min(chunk.length, MAX_RESPONSE_TEXT - kept);
        }
      });
      res.on('end', () => {
        const pairs: HeaderPair[] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '']);
        resolve({
          ...base,
          status: res.statusCode ?? null,
          statusText: res.statusMessage ?? '',
          headers: pairs,
          body: Buffer.concat(chunks).toString('utf8'),
          bodyTruncated: total > kept,
          durationMs: nowMs() - started,
        });
      });
      res.on('error', (error) => fail(error.message));
    });
    req2.on('timeout', () => req2.destroy(new Error(`no answer within ${(opts.timeoutMs ?? REPLAY_TIMEOUT_MS) / 1000} s`)));
    req2.on('error', (error) => fail(error.message));
    req2.end(body);
  });
}
