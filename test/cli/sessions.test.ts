// `hookscope sessions`, and `--session` on export, report and import, run in-process on a data folder
// that the core filled with two named sessions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../../src-main/core/session';
import { runCli as run } from '../helpers/run-cli';

afterEach(() => vi.restoreAllMocks());


/** A data folder with "Session 1" (one push, key a) and "Stripe" (two pushes, keys b and c), Stripe open last. */
async function twoSessions(): Promise<{ dataDir: string; stripeId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-cli-sessions-'));
  const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 10 });
  const send = (id: string) => fetch(`${session.receiverUrl}/hook`, { method: 'POST', body: JSON.stringify({ id }) }).then((r) => r.arrayBuffer());
  await send('a');
  await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push).toHaveLength(1));
  const stripe = await session.handle('createSession', [{ name: 'Stripe' }]);
  await send('b');
  await send('c');
  await vi.waitFor(async () => expect((await session.handle('snapshot', [])).push).toHaveLength(2));
  await session.close();
  return { dataDir, stripeId: stripe.id };
}

function keys(ndjson: string): string[] {
  return ndjson.trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { matchKey: string }).matchKey);
}

describe('hookscope sessions', () => {
  it('lists the sessions, the open one marked, with their event counts, as a table or JSON', async () => {
    const { dataDir, stripeId } = await twoSessions();
    const table = await run(['sessions', '--data-dir', dataDir]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+ID\s+NAME\s+CREATED \(UTC\)\s+EVENTS$/);
    expect(lines[1]).toMatch(/^ {3}default\s+Session 1\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+1$/);
    expect(lines[2]).toMatch(new RegExp(`^\\*\\s+${stripeId}\\s+Stripe\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+2$`));

    const json = await run(['sessions', '--data-dir', dataDir, '--json']);
    const parsed = JSON.parse(json.stdout) as { currentId: string; sessions: { id: string; name: string; events: number; current: boolean; createdAt: string }[] };
    expect(parsed.currentId).toBe(stripeId);
    expect(parsed.sessions.map((s) => [s.id, s.name, s.events, s.current])).toEqual([
      ['default', 'Session 1', 1, false],
      [stripeId, 'Stripe', 2, true],
    ]);
  });
});

describe('--session on export, report and import', () => {
  it('exports the session named (by name, any case, or id), the one last open by default', async () => {
    const { dataDir, stripeId } = await twoSessions();
    expect(keys((await run(['export', '--data-dir', dataDir])).stdout)).toEqual(['b', 'c']);
    expect(keys((await run(['export', '--data-dir', dataDir, '--session', 'session 1'])).stdout)).toEqual(['a']);
    expect(keys((await run(['export', '--data-dir', dataDir, '--session', stripeId])).stdout)).toEqual(['b', 'c']);
    const csv = await run(['report', '--data-dir', dataDir, '--format', 'csv', '--session', 'Session 1']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('refuses an unknown session on export and report with one line and exit code 2', async () => {
    const { dataDir } = await twoSessions();
    for (const command of ['export', 'report']) {
      const result = await run([command, '--data-dir', dataDir, '--session', 'Nope']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`hookscope: no session named or with id "Nope" in ${dataDir}; \`hookscope sessions\` lists them\n`);
    }
  });

  it('imports into the session named, creating it by that name when missing', async () => {
    const { dataDir } = await twoSessions();
    const har = join(dataDir, 'stripe.har');
    writeFileSync(har, (await run(['export', '--data-dir', dataDir, '--format', 'har'])).stdout);
    const created = await run(['import', har, '--data-dir', dataDir, '--session', 'Replayed']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^imported 2 event\(s\) into new session "Replayed" \(ses_\w+\), skipped 0\n$/);
    const again = await run(['import', har, '--data-dir', dataDir, '--session', 'replayed']);
    expect(again.stdout).toMatch(/^imported 0 event\(s\) into session "Replayed" \(ses_\w+\), skipped 2\n$/);
    expect(keys((await run(['export', '--data-dir', dataDir, '--session', 'Replayed'])).stdout)).toEqual(['b', 'c']);
    // Importing does not change which session opens next.
    const list = JSON.parse((await run(['sessions', '--data-dir', dataDir, '--json'])).stdout) as { currentId: string; sessions: { id: string; name: string }[] };
    expect(list.sessions.map((s) => s.name)).toEqual(['Session 1', 'Stripe', 'Replayed']);
    expect(list.currentId).toBe(list.sessions[1].id);
  });
});
