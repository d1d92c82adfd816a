// `forwardTo` in the --config file, beside the poll sources it is read with.
import { describe, expect, it } from 'vitest';
import { parseInspectorConfig } from '../../src-main/cli/inspector-config';
import { parsePollConfig } from '../../src-main/cli/poll-config';

const source = { name: 'API', url: 'http://127.0.0.1:1/items', intervalMs: 5000, idPath: 'id' };

describe('--config forwardTo', () => {
  it('reads the forward URL and leaves it out when absent', () => {
    const text = JSON.stringify({ sources: [source], forwardTo: 'http://localhost:3000/webhooks' });
    expect(parseInspectorConfig(text, 'c.json', {}).forwardTo).toBe('http://localhost:3000/webhooks');
    // The poll-source reader accepts the field rather than calling it unknown.
    expect(parsePollConfig(text, 'c.json', {})).toHaveLength(1);
    expect('forwardTo' in parseInspectorConfig(JSON.stringify({ sources: [source] }), 'c.json', {})).toBe(false);
  });

  it('names the problem when the URL is not http(s)', () => {
    expect(() => parseInspectorConfig(JSON.stringify({ forwardTo: 'localhost:3000' }), 'c.json', {})).toThrow(/--config c.json: forwardTo: forwardTo is an http:\/\/ or https:\/\/ URL/);
    expect(() => parseInspectorConfig(JSON.stringify({ forwardTo: 42 }), 'c.json', {})).toThrow(/--config c.json: forwardTo:/);
  });
});
