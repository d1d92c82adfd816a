// The poll-source tests' shared rig: a scriptable test API, sources that are stopped after each
// test, and recorders for everything a source emits.
import { afterEach } from 'vitest';
import type { PollEvent, PollRecord, PollSourceConfig, PollSourceStatus } from '../../../src-main/contract/model';
import { PollSource, type PollSourceDeps } from '../../../src-main/core/poller/poll-source';
import { startTestApi, type TestApi, type TestApiBehaviour } from '../../helpers/test-api';

let api: TestApi | undefined;
const sources: PollSource[] = [];

afterEach(async () => {
  for (const source of sources) source.stop();
  sources.length = 0;
  await api?.close();
  api = undefined;
});

export async function serve(items: unknown[], behaviour: Partial<TestApiBehaviour> = {}): Promise<TestApi> {
  api = await startTestApi({ items, behaviour });
  return api;
}

export function configFor(url: string, patch: Partial<PollSourceConfig> = {}): PollSourceConfig {
  return { id: 'src_1', name: 'test api', url, headers: [], intervalMs: 60_000, itemsPath: '', idPath: 'id', enabled: true, ...patch };
}

/** `changes` keeps each poll's batch; `events` is the same changes in one flat list. */
export function watch(config: PollSourceConfig, deps: PollSourceDeps = {}) {
  const source = new PollSource(config, deps);
  sources.push(source);
  const records: PollRecord[] = [];
  const changes: PollEvent[][] = [];
  const events: PollEvent[] = [];
  const statuses: PollSourceStatus[] = [];
  source.on('record', (r) => records.push(r));
  source.on('changes', (c) => {
    changes.push(c);
    events.push(...c);
  });
  source.on('status', (s) => statuses.push(s));
  return { source, records, changes, events, statuses };
}
