// `serve --session` through the real binary: it says which session it opened (and that it made it),
// captures into it, and the read-only commands find it by name afterwards.
import { describe, expect, it, vi } from 'vitest';
import { runCli, startServe, tempDir } from './serve-process';

describe('hookscope serve --session', () => {
  it('creates and opens the named session, and export, report and sessions find it by name', async () => {
    const dataDir = tempDir();
    const served = await startServe(['--no-demo', '--session', 'Stripe test'], dataDir);
    try {
      await vi.waitFor(() => expect(served.output()).toMatch(/Session: {3}Stripe test \(ses_\w+\), new\n/));
      const res = await fetch(`${served.receiverUrl}/hook`, { method: 'POST', body: '{"id":"evt_s1"}' });
      expect(res.status).toBe(200);
    } finally {
      expect(await served.stop()).toBe(0);
    }
    const again = await startServe(['--no-demo', '--session', 'stripe TEST'], dataDir);
    await vi.waitFor(() => expect(again.output()).toMatch(/Session: {3}Stripe test \(ses_\w+\)\n/));
    await again.stop();

    // Without --no-demo a new named session still starts with its own demo switch: off.
    const fresh = await startServe(['--session', 'No demo here'], dataDir);
    await vi.waitFor(() => expect(fresh.output()).toMatch(/Session: {3}No demo here \(ses_\w+\), new\n/));
    expect(fresh.output()).not.toContain('Demo:');
    await fresh.stop();

    const list = await runCli(['sessions', '--data-dir', dataDir]);
    expect(list.code).toBe(0);
    expect(list.stdout.toString()).toMatch(/^\s+ses_\w+\s+Stripe test\s+\S+ \S+\s+1$/m);
    expect(list.stdout.toString()).toMatch(/^\*\s+ses_\w+\s+No demo here\s+\S+ \S+\s+0$/m);
    expect(list.stdout.toString()).toMatch(/^\s+default\s+Session 1\s+\S+ \S+\s+0$/m);
    const exported = await runCli(['export', '--data-dir', dataDir, '--session', 'Stripe test']);
    expect(exported.stdout.toString()).toContain('"matchKey":"evt_s1"');
    const unknown = await runCli(['report', '--data-dir', dataDir, '--session', 'Nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^hookscope: no session named or with id "Nope" in .*; `hookscope sessions` lists them\n$/);
  });
});
