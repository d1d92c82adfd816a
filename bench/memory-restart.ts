// 4. Memory and restart: main process RSS with 100,000 stored events, and the time to reopen such a
// session, against the same process on an empty data folder in the same run.
import { rmSync } from 'node:fs';
import { rssBytes, sleep, startServe, tempDir } from './procs';
import type { Figure } from './report';
import { seedSession } from './seed';

async function open(dataDir: string): Promise<{ readyMs: number; rssMb: number }> {
  const served = await startServe(['--no-demo'], dataDir);
  try {
    await sleep(1500); // let start-up garbage be collected before reading RSS
    const pid = served.child.pid;
    if (pid === undefined) throw new Error('serve has no pid');
    return { readyMs: served.readyMs, rssMb: rssBytes(pid) / 2 ** 20 };
  } finally {
    await served.stop();
  }
}

export async function memoryAndRestart(): Promise<Figure[]> {
  const empty = tempDir();
  const full = tempDir();
  let base: { readyMs: number; rssMb: number };
  let big: { readyMs: number; rssMb: number };
  try {
    await seedSession(full, 50_000);
    await open(empty); // warm the file cache and the module cache of both runs alike
    base = await open(empty);
    big = await open(full);
  } finally {
    // The seeded log is 150 MB: a benchmark run must not leave it behind.
    for (const dir of [empty, full]) rmSync(dir, { recursive: true, force: true });
  }
  const B = 'Memory and restart';
  return [
    { bench: B, name: 'RSS, empty session (baseline) / 100,000 events', value: `${base.rssMb.toFixed(0)} / ${big.rssMb.toFixed(0)} MB (+${(big.rssMb - base.rssMb).toFixed(0)} MB)`, target: '< 250 MB', met: big.rssMb < 250 },
    { bench: B, name: 'reopen: spawn to ready, empty (baseline) / 100,000 events', value: `${(base.readyMs / 1000).toFixed(2)} / ${(big.readyMs / 1000).toFixed(2)} s`, target: '< 2 s', met: big.readyMs < 2000 },
  ];
}
