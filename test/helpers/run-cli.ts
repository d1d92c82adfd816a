// The CLI run in-process: `main()` with stdout and stderr captured instead of written.
import { vi } from 'vitest';
import { main } from '../../src-main/cli/main';

/** Captures what is written to the stream until vi.restoreAllMocks(). */
export function capture(stream: NodeJS.WriteStream): () => string {
  let text = '';
  vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    text += String(chunk);
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }));
  return () => text;
}

export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture(process.stdout);
  const stderr = capture(process.stderr);
  const code = await main(['node', 'hookscope', ...args]);
  const result = { code, stdout: stdout(), stderr: stderr() };
  vi.restoreAllMocks();
  return result;
}
