// `hookscope import` on files that are not a HAR: one line naming the file and the reason, exit 1,
// and nothing written into the data folder.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/run-cli';

afterEach(() => vi.restoreAllMocks());

const temp = (): string => mkdtempSync(join(tmpdir(), 'hookscope-import-errors-'));

describe('hookscope import: bad files', () => {
  it('a directory is named as such', async () => {
    const dir = temp();
    const dataDir = join(temp(), 'data');
    const r = await runCli(['import', dir, '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`hookscope: ${dir}: is a directory, not a HAR file\n`);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a parse error that quotes a line break of the file still prints one line', async () => {
    const dir = temp();
    const file = join(dir, 'notes.har');
    writeFileSync(file, 'first line\nsecond line\n');
    mkdirSync(join(dir, 'data'));
    const r = await runCli(['import', file, '--data-dir', join(dir, 'data')]);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('hookscope: ')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
