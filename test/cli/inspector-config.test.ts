import { describe, expect, it } from 'vitest';
import { parseInspectorConfig } from '../../src-main/cli/inspector-config';

const parseSigningConfig = (text: string, file: string, env: NodeJS.ProcessEnv) => parseInspectorConfig(text, file, env).signingRules;

const env = { STRIPE_WHSEC: 'whsec_abc', SW: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

describe('--config signing rules', () => {
  it('reads rules, fills ids and takes secrets from the environment', () => {
    const text = JSON.stringify({ sources: [], signing: [{ scheme: 'stripe', path: '/stripe', secretEnv: 'STRIPE_WHSEC' }, { id: 'sw', scheme: 'standard-webhooks', secretEnv: 'SW', toleranceSec: 60 }] });
    expect(parseSigningConfig(text, 'c.json', env)).toEqual([
      { id: 'config-signing-1', scheme: 'stripe', path: '/stripe', secret: 'whsec_abc' },
      { id: 'sw', scheme: 'standard-webhooks', path: '*', toleranceSec: 60, secret: env.SW },
    ]);
    expect(parseSigningConfig('{"sources":[]}', 'c.json', env)).toEqual([]);
  });

  it('names the file, the rule and the problem', () => {
    const one = (rule: object) => JSON.stringify({ signing: [rule] });
    expect(() => parseSigningConfig('{', 'c.json', env)).toThrow(/^--config c.json: not valid JSON/);
    expect(() => parseSigningConfig(one({ scheme: 'stripe', secretEnv: 'NOPE' }), 'c.json', env)).toThrow('--config c.json: signing[0]: the environment variable NOPE is not set');
    expect(() => parseSigningConfig(one({ scheme: 'stripe', secretEnv: 'STRIPE_WHSEC', secret: 'x' }), 'c.json', env)).toThrow(/secrets do not belong in the config file/);
    expect(() => parseSigningConfig(one({ scheme: 'paypal', secretEnv: 'STRIPE_WHSEC' }), 'c.json', env)).toThrow(/signing\[0\]: invalid signing rule \(scheme\)/);
    expect(() => parseSigningConfig(one({ scheme: 'standard-webhooks', secretEnv: 'STRIPE_WHSEC' }), 'c.json', { STRIPE_WHSEC: 'whsec_!!' })).toThrow(/secret.*base64/);
    const dup = JSON.stringify({ signing: [{ id: 'a', scheme: 'github', secretEnv: 'SW' }, { id: 'a', scheme: 'github', secretEnv: 'SW' }] });
    expect(() => parseSigningConfig(dup, 'c.json', env)).toThrow(/signing\[1\]: duplicate id "a"/);
  });
});

describe('--config response rules', () => {
  it('reads rules with defaults and ids', () => {
    const text = JSON.stringify({ sources: [], responses: [{ method: 'post', path: '/stripe', status: 500, times: 1 }, { id: 'slow', method: '*', path: '*', status: 200, delayMs: 2000, body: 'ok', headers: [['X-A', '1']] }] });
    expect(parseInspectorConfig(text, 'c.json', {}).responseRules).toEqual([
      { id: 'config-response-1', method: 'POST', path: '/stripe', status: 500, headers: [], body: '', delayMs: 0, times: 1 },
      { id: 'slow', method: '*', path: '*', status: 200, headers: [['X-A', '1']], body: 'ok', delayMs: 2000 },
    ]);
  });

  it('refuses a delay over 30 s, a bad status and framing headers, naming the rule', () => {
    const one = (rule: object) => JSON.stringify({ responses: [rule] });
    expect(() => parseInspectorConfig(one({ method: 'POST', path: '/', status: 200, delayMs: 31_000 }), 'c.json', {})).toThrow('--config c.json: responses[0]: invalid response rule (delayMs): the delay is at most 30 s');
    expect(() => parseInspectorConfig(one({ method: 'POST', path: '/', status: 99 }), 'c.json', {})).toThrow(/responses\[0\]: .*status/);
    expect(() => parseInspectorConfig(one({ method: 'POST', path: '/', status: 200, headers: [['Content-Length', '1']] }), 'c.json', {})).toThrow(/Content-Length/);
    expect(() => parseInspectorConfig(JSON.stringify({ responses: ['x'] }), 'c.json', {})).toThrow(/responses\[0\]/);
  });
});
