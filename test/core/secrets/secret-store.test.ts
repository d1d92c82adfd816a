import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSecretStore, SECRETS_FILE, type SecretCipher } from '../../../src-main/core/secrets/secret-store';

const dir = (): string => mkdtempSync(join(tmpdir(), 'hookscope-secrets-'));

// A stand-in for safeStorage: reversible, and visibly not the plain text.
const cipher: SecretCipher = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)),
  decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('secret store', () => {
  it('headless: keeps secrets in a 0600 file with a note, and reads them back', async () => {
    const d = dir();
    const store = await openSecretStore(d);
    expect(store.protection).toBe('user-only-file');
    await store.set('src_1', 'ghp_token');
    const path = join(d, SECRETS_FILE);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { note: string; encrypted: boolean; secrets: Record<string, string> };
    expect(file.note).toMatch(/readable only by its owner \(mode 0600\)/);
    expect(file).toMatchObject({ encrypted: false, secrets: { src_1: 'ghp_token' } });
    const again = await openSecretStore(d);
    expect(again.get('src_1')).toBe('ghp_token');
    await again.delete('src_1');
    expect((await openSecretStore(d)).has('src_1')).toBe(false);
  });

  it('with a cipher (Electron safeStorage): the file holds no plain text', async () => {
    const d = dir();
    const store = await openSecretStore(d, cipher);
    expect(store.protection).toBe('encrypted');
    await store.set('src_1', 'sk_test_123');
    const raw = readFileSync(join(d, SECRETS_FILE), 'utf8');
    expect(raw).not.toContain('sk_test_123');
    expect((await openSecretStore(d, cipher)).get('src_1')).toBe('sk_test_123');
    // Without the keychain the encrypted secret is unusable: a warning, not a crash.
    const headless = await openSecretStore(d);
    expect(headless.get('src_1')).toBeUndefined();
    expect(headless.warnings[0]).toMatch(/encrypted and no keychain is available/);
  });

  it('tightens a file others could read, and refuses a corrupt one with a clear message', async () => {
    const d = dir();
    const path = join(d, SECRETS_FILE);
    writeFileSync(path, JSON.stringify({ encrypted: false, secrets: { a: 'x' } }));
    chmodSync(path, 0o644);
    const store = await openSecretStore(d);
    if (process.platform !== 'win32') {
      expect(store.warnings[0]).toMatch(/could be read by others \(mode 644\); it is now 600/);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
    expect(store.get('a')).toBe('x');
    writeFileSync(path, '{not json');
    await expect(openSecretStore(d)).rejects.toThrow(/is not valid JSON; fix or delete it/);
  });
});
