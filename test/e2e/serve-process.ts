// Starts `hookscope serve` the way a user does (the bin script over the built app) and reads the
// addresses it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const BIN = join(ROOT, 'bin', 'hookscope.js');

export interface Served {
  child: ChildProcess;
  uiUrl: string;
  receiverUrl: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<number | null>;
}

export function tempDir(prefix = 'hookscope-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(args: string[], opts: { timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hookscope ${args.join(' ')} did not finish; stderr: ${err}`));
    }, opts.timeoutMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: Buffer.concat(out), stderr: err });
    });
  });
}

export async function startServe(args: string[], dataDir = tempDir()): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--ui-port', '0', '--receiver-port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ui = /UI:\s+(http:\/\/\S+)/.exec(output);
    const receiver = /Receiver:\s+(http:\/\/\S+?)\/?\s/.exec(output);
    if (ui && receiver) {
      return {
        child,
        uiUrl: ui[1],
        receiverUrl: receiver[1],
        dataDir,
        output: () => output,
        stop: () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res(child.exitCode);
            child.once('exit', (code) => res(code));
            child.kill('SIGTERM');
          }),
      };
    }
    if (child.exitCode !== null) throw new Error(`hookscope serve exited ${child.exitCode}: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`hookscope serve printed no addresses: ${output}`);
}
