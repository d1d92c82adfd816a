// Processes the benchmarks measure: `hookscope serve` as a user runs it, and a bare node:http baseline.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'hookscope.js');

export interface Proc {
  child: ChildProcess;
  /** Milliseconds from spawn to the addresses being printed (the app is ready). */
  readyMs: number;
  stop(): Promise<void>;
}

export interface Served extends Proc {
  uiUrl: string;
  receiverUrl: string;
  dataDir: string;
}

export function tempDir(prefix = 'hookscope-bench-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((res) => {
      if (child.exitCode !== null || child.signalCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
    });
}

async function waitFor<T>(child: ChildProcess, out: () => string, read: (text: string) => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const v = read(out());
    if (v !== undefined) return v;
    if (child.exitCode !== null) throw new Error(`${what} exited ${child.exitCode}: ${out()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`${what} did not start: ${out()}`);
}

/** A data folder the caller did not give is the run's own: it is removed when the process stops. */
export async function startServe(args: string[], givenDir?: string): Promise<Served> {
  const dataDir = givenDir ?? tempDir();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--ui-port', '0', '--receiver-port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const [uiUrl, receiverUrl] = await waitFor(child, () => output, (t) => {
    const ui = /UI:\s+(http:\/\/\S+)/.exec(t);
    const rec = /Receiver:\s+(http:\/\/\S+?)\/?\s/.exec(t);
    return ui && rec ? [ui[1], rec[1]] : undefined;
  }, 'hookscope serve');
  const stop = stopper(child);
  const stopAndClean = async (): Promise<void> => {
    await stop();
    // Each capture run leaves a log of tens of MB; a full `npm run bench` would leave gigabytes in /tmp.
    if (givenDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  return { child, readyMs: performance.now() - t0, uiUrl, receiverUrl, dataDir, stop: stopAndClean };
}

/** The same load's floor: a node:http server that reads the body and answers 200 with a small JSON. */
export async function startBare(): Promise<Proc & { url: string }> {
  const code = `
    const http = require('node:http');
    const s = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => { Buffer.concat(chunks); const b = '{"ok":true}'; res.writeHead(200, { 'content-type': 'application/json', 'content-length': b.length }); res.end(b); });
    });
    s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port));`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  const port = await waitFor(child, () => output, (t) => /PORT (\d+)/.exec(t)?.[1], 'bare server');
  return { child, readyMs: performance.now() - t0, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

/** Resident set size of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used, from /proc (Linux; clock ticks of 10 ms). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
