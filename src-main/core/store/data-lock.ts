// Two processes appending to one log would interleave records, so a data folder has one owner.
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DataLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireDataLock(dataDir: string): Promise<DataLock> {
  const path = join(dataDir, 'hookscope.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new Error(`another Hookscope (pid ${pid}) is using the data folder ${dataDir}; stop it or pass --data-dir`);
      }
      // A lock left by a process that died (kill -9, power cut) is taken over.
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}
