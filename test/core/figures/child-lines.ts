// A child process spoken to by lines: one command in, JSON lines out.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LineChild {
  next<T>(): Promise<T>;
  send(line: string): void;
  kill(): void;
}

export function startTsChild(script: string, args: string[]): LineChild {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  return {
    next<T>(): Promise<T> {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve(JSON.parse(line) as T);
      return new Promise<T>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`child ended (${code}) before answering`));
        child.once('exit', onExit);
        waiting.push((l) => {
          child.off('exit', onExit);
          resolve(JSON.parse(l) as T);
        });
      });
    },
    send(line: string) {
      child.stdin!.write(`${line}\n`);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
