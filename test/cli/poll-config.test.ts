import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPollConfig, parsePollConfig } from '../../src-main/cli/poll-config';

const parse = (value: unknown, env: NodeJS.ProcessEnv = {}) => parsePollConfig(JSON.stringify(value), 'hs.json', env);

describe('--config FILE', () => {
  it('reads sources, fills templates, and takes secrets from the environment only', () => {
    const sources = parse(
      {
        sources: [
          { url: 'http://127.0.0.1:3000/posts', every: '2s', headers: ['X-A: 1'], updatedAtPath: 'updated_at' },
          { id: 'gh', template: 'github-repo-events', params: { owner: 'octo', repo: 'cat' }, auth: { kind: 'bearer', secretEnv: 'GH_TOKEN' } },
          { template: 'json-server', params: { base: 'http://127.0.0.1:3000/', collection: 'orders' }, headers: { Accept: 'application/json' } },
        ],
      },
      { GH_TOKEN: 'ghp_x' },
    );
    expect(sources[0]).toMatchObject({ id: 'config-1', name: '127.0.0.1:3000', intervalMs: 2000, headers: [['X-A', '1']], updatedAtPath: 'updated_at', idPath: 'id', enabled: true });
    expect(sources[1]).toMatchObject({
      id: 'gh',
      url: 'https://api.github.com/repos/octo/cat/events?per_page=100',
      intervalMs: 60_000,
      auth: { kind: 'bearer' },
      secret: 'ghp_x',
      maxPages: 3,
    });
    expect(sources[1].auth).not.toHaveProperty('secretEnv');
    expect(sources[2]).toMatchObject({ id: 'config-3', url: 'http://127.0.0.1:3000/orders', headers: [['Accept', 'application/json']] });
  });

  it.each([
    [{}, /hs.json: the file sets nothing/],
    [{ sources: [] }, /list at least one source/],
    [{ sources: [{ url: 'ftp://x' }] }, /sources\[0\]: invalid poll source \(url\): must be an http/],
    [{ sources: [{ name: 'no url' }] }, /sources\[0\]: give a url or a template/],
    [{ sources: [{ url: 'http://h/', every: 'often' }] }, /sources\[0\]: every: a duration looks like/],
    [{ sources: [{ url: 'http://h/', secret: 'x' }] }, /secrets do not belong in the config file/],
    [{ sources: [{ url: 'http://h/', auth: { kind: 'bearer', secretEnv: 'MISSING' } }] }, /sources\[0\]: auth: the environment variable MISSING is not set/],
    [{ sources: [{ url: 'http://h/', auth: { kind: 'bearer', token: 'x' } }] }, /sources\[0\]\.auth/],
    [{ sources: [{ template: 'nope' }] }, /sources\[0\]\.template/],
    [{ sources: [{ template: 'json-server', params: { base: 'http://h' } }] }, /template json-server needs "collection"/],
    [{ sources: [{ url: 'http://h/', intervalMs: 10 }] }, /poll at most twice a second/],
    [{ sources: [{ url: 'http://h/', colour: 'red' }] }, /sources\[0\]: Unrecognized key/],
    [{ sources: [{ id: 'a', url: 'http://h/' }, { id: 'a', url: 'http://h/2' }] }, /sources\[1\]: duplicate id "a"/],
  ])('refuses %j clearly', (value, message) => {
    expect(() => parse(value)).toThrow(message);
  });

  it('names the file when it is missing or not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookscope-config-'));
    await expect(loadPollConfig(join(dir, 'none.json'))).rejects.toThrow(/none.json: no such file/);
    writeFileSync(join(dir, 'bad.json'), '{ "sources": [ }');
    await expect(loadPollConfig(join(dir, 'bad.json'))).rejects.toThrow(/bad.json: not valid JSON/);
  });
});

describe('a config file without poll sources', () => {
  it('is fine when it sets something else, and both parts read the same text', async () => {
    const { parseInspectorConfig } = await import('../../src-main/cli/inspector-config');
    const text = JSON.stringify({ forwardTo: 'http://localhost:3000/hooks' });
    expect(parsePollConfig(text, 'only-forward.json', {})).toEqual([]);
    expect(parseInspectorConfig(text, 'only-forward.json', {}).forwardTo).toBe('http://localhost:3000/hooks');
  });
});
