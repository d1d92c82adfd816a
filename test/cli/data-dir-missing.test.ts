// `sessions`, `export` and `report` on a --data-dir that is not there (a typo) fail with one line
// naming the folder and exit code 1, instead of inventing an empty "Session 1". A folder that exists
// but holds no events yet still works.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../../src-main/core/session';
import { runCli as run } from '../helpers/run-cli';

afterEach(() => vi.restoreAllMocks());


const COMMANDS = [['sessions'], ['sessions', '--json'], ['export'], ['export', '--format', 'json'], ['report'], ['report', '--format', 'csv']];

describe('a --data-dir that does not exist', () => {
  for (const command of COMMANDS) {
    it(`makes \`${command.join(' ')}\` fail with one line naming the folder and exit code 1`, async () => {
      const missing = join(mkdtempSync(join(tmpdir(), 'hookscope-missing-')), 'typo');
      const result = await run([...command, '--data-dir', missing]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`hookscope: no Hookscope data in ${missing}: the folder does not exist (check --data-dir)\n`);
    });
  }

  it('refuses a file given as the data folder the same way', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hookscope-missing-')), 'hookscope.json');
    writeFileSync(file, '{}');
    for (const command of ['sessions', 'export', 'report']) {
      const result = await run([command, '--data-dir', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`hookscope: no Hookscope data in ${file}: it is a file, not a folder (check --data-dir)\n`);
    }
  });
});

describe('a data folder with no events yet', () => {
  it('lists its one session and exports and reports nothing, exit code 0, when serve created it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'hookscope-fresh-')), 'data');
    const session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false }, flushMs: 10 });
    await session.close();

    const sessions = await run(['sessions', '--data-dir', dataDir, '--json']);
    expect(sessions.code).toBe(0);
    expect((JSON.parse(sessions.stdout) as { sessions: { events: number }[] }).sessions.map((s) => s.events)).toEqual([0]);
    const exported = await run(['export', '--data-dir', dataDir]);
    expect([exported.code, exported.stdout]).toEqual([0, '']);
    const json = await run(['export', '--data-dir', dataDir, '--format', 'json']);
    expect([json.code, json.stdout]).toEqual([0, '[]\n']);
    const report = await run(['report', '--data-dir', dataDir, '--format', 'csv']);
    expect(report.code).toBe(0);
    expect(report.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('still lists and exports an empty folder made by hand', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'hookscope-fresh-')), 'data');
    mkdirSync(dataDir);
    const sessions = await run(['sessions', '--data-dir', dataDir]);
    expect(sessions.code).toBe(0);
    expect(sessions.stdout).toMatch(/Session 1/);
    const exported = await run(['export', '--data-dir', dataDir]);
    expect([exported.code, exported.stdout]).toEqual([0, '']);
  });
});
