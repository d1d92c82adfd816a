import { describe, expect, it } from 'vitest';
import { validateSubdomain } from '../../../src-main/core/tunnel/tunnel-manager';

describe('validateSubdomain', () => {
  it.each(['abcd', 'my-hooks', 'a1b2c3', 'x'.repeat(63), `a${'-'.repeat(10)}b`])('accepts %s', (name) => {
    expect(validateSubdomain(name)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['abc', /too short/],
    ['x'.repeat(64), /too long/],
    ['MyHooks', /upper-case/],
    ['-abcd', /not starting or ending with '-'/],
    ['abcd-', /not starting or ending with '-'/],
    ['ab_cd', /only a-z, 0-9 and '-'/],
    ['ab.cd', /only a-z, 0-9 and '-'/],
    ['ab-c', /at least 6 characters/], // the server's rule needs 6+ characters once '-' is used
  ])('refuses %j with a reason', (name, reason) => {
    expect(validateSubdomain(name)).toMatch(reason);
  });
});
