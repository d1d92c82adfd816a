// Serving the built renderer from disk: MIME types, index.html for '/', and nothing outside the folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeOf(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type Resolved =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'not-found' }
  | { kind: 'forbidden'; reason: string };

/** Maps a URL pathname to a file inside rootDir; refuses anything that would leave it. */
export async function resolveStatic(rootDir: string, pathname: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'forbidden', reason: 'malformed path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden', reason: 'invalid path' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const full = resolve(root, relative);
  if (full !== root && !full.startsWith(root + sep)) return { kind: 'forbidden', reason: 'path outside the app' };
  try {
    const info = await stat(full);
    if (!info.isFile()) return { kind: 'not-found' };
    return { kind: 'file', path: full, size: info.size };
  } catch {
    return { kind: 'not-found' };
  }
}

export function sendFile(res: ServerResponse, path: string, size: number, headOnly: boolean): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', mimeOf(path));
  res.setHeader('Content-Length', size);
  if (headOnly) {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', (err) => {
    // Headers are already out; the only honest thing left is to cut the response short.
    res.destroy(err);
  });
  stream.pipe(res);
}
