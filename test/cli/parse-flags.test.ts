import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseHeader, parseHttpUrl, parsePort } from '../../src-main/cli/parse-flags';

describe('flag parsing', () => {
  it('reads durations in every unit', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5s')).toBe(5_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('3')).toBe(3_000);
  });

  it('refuses nonsense with a reason', () => {
    expect(() => parseDuration('soon')).toThrow(InvalidArgumentError);
    expect(() => parseDuration('10ms')).toThrow(/twice a second/);
    expect(() => parsePort('80a')).toThrow(/whole number/);
    expect(() => parsePort('70000')).toThrow(/65535/);
    expect(() => parseHttpUrl('ftp://x')).toThrow(/http/);
    expect(() => parseHeader('no colon here')).toThrow(/Name: value/);
  });

  it('collects repeated headers in order', () => {
    expect(parseHeader('B: 2', parseHeader('Authorization: Bearer x:y'))).toEqual([
      ['Authorization', 'Bearer x:y'],
      ['B', '2'],
    ]);
  });
});

describe('parseMatchKey', () => {
  it('takes paths, headers and templates, and refuses empty keys and unbalanced braces', async () => {
    const { parseMatchKey } = await import('../../src-main/cli/parse-flags');
    expect(parseMatchKey(' data.object.id ')).toBe('data.object.id');
    expect(parseMatchKey('header:X-GitHub-Delivery')).toBe('header:X-GitHub-Delivery');
    expect(parseMatchKey('{type}:{data.id}')).toBe('{type}:{data.id}');
    expect(() => parseMatchKey('')).toThrow(/empty/);
    expect(() => parseMatchKey('{type:{id}')).toThrow(/unbalanced/);
  });
});
