import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DemoSaas } from '../../../src-main/core/demo/demo-saas';
import type { DemoTotals } from '../../../src-main/core/demo/demo-types';
import { startReceiver, type Receiver } from './receiver';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function timeoutCount(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('stop() leaves nothing running', () => {
  it('a process that ran a busy demo exits on its own after stop()', async () => {
    const script = fileURLToPath(new URL('./fixtures/short-run.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // A hang means something was left behind; kill it so the failure is reported, not waited on.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 15_000);
    cleanups.push(async () => {
      clearTimeout(deadline);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    const code = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { received: number; totals: DemoTotals };
    expect(result.received).toBeGreaterThanOrEqual(5);
    expect(result.totals.pending).toBe(0);
    expect(result.totals.events).toBeGreaterThanOrEqual(5);
  });

  it('no timer of the demo survives stop() in this process either', async () => {
    const rx: Receiver = await startReceiver();
    cleanups.push(() => rx.close());
    const before = timeoutCount();
    const demo = new DemoSaas({
      seed: 8,
      target: () => rx.url,
      rate: { eventsPerSec: 50, burstEverySec: 0.1 },
      faults: { duplicateRate: 1, ephemeralRate: 0.5, updateRate: 0.5, delayMedianMs: 50, delayMaxMs: 3000 },
    });
    cleanups.push(() => demo.stop());
    await demo.start();
    await vi.waitFor(() => expect(rx.received.length).toBeGreaterThanOrEqual(3), { timeout: 5000, interval: 20 });
    expect(timeoutCount()).toBeGreaterThan(before);
    await demo.stop();
    // "At most": the test runner's own timers may have ended meanwhile, never more than before.
    expect(timeoutCount()).toBeLessThanOrEqual(before);
    const { totals } = demo.truth();
    expect(totals.pending).toBe(0);
  });
});
