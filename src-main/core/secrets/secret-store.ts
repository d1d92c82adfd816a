// Where poll sources' auth secrets live, apart from their configs so that no export, settings file
// or log line ever holds one. The desktop shell passes Electron's safeStorage as the cipher (the OS
// keychain encrypts them); headless there is none, so they are kept in a file only the user can read.
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretReader } from '../poller/poll-source';

/** The part of Electron's safeStorage the store needs; the shell passes safeStorage itself. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SecretStore extends SecretReader {
  /** How the secrets are protected, in words for the UI and the CLI. */
  readonly protection: 'encrypted' | 'user-only-file';
  readonly path: string;
  has(sourceId: string): boolean;
  set(sourceId: string, secret: string): Promise<void>;
  delete(sourceId: string): Promise<void>;
  /** Problems found when opening (a file others could read, an entry that no longer decrypts). */
  readonly warnings: string[];
}

export const SECRETS_FILE = 'secrets.json';

const PLAIN_NOTE =
  'Hookscope poll-source secrets (tokens, passwords, API keys) in plain text. This file is readable only by its owner (mode 0600); ' +
  'anyone who can act as this user can read it. The desktop app encrypts them with the OS keychain instead. Delete an entry to forget a secret.';
const ENCRYPTED_NOTE = 'Hookscope poll-source secrets, each encrypted with the OS keychain (Electron safeStorage) and base64-encoded.';

interface SecretsFile {
  note: string;
  encrypted: boolean;
  secrets: Record<string, string>;
}

export async function openSecretStore(dir: string, cipher?: SecretCipher): Promise<SecretStore> {
  const path = join(dir, SECRETS_FILE);
  const encrypted = cipher?.isEncryptionAvailable() === true;
  const warnings: string[] = [];
  const secrets = new Map<string, string>();

  let raw: string | undefined;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the secrets file ${path}: ${(error as Error).message}`);
  }
  if (raw !== undefined) {
    if (process.platform !== 'win32') {
      const mode = (await stat(path)).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        await chmod(path, 0o600);
        warnings.push(`the secrets file ${path} could be read by others (mode ${mode.toString(8)}); it is now 600`);
      }
    }
    let file: Partial<SecretsFile>;
    try {
      file = JSON.parse(raw) as Partial<SecretsFile>;
    } catch {
      throw new Error(`the secrets file ${path} is not valid JSON; fix or delete it (its secrets will have to be entered again)`);
    }
    for (const [id, value] of Object.entries(file.secrets ?? {})) {
      if (typeof value !== 'string') continue;
      if (!file.encrypted) secrets.set(id, value);
      else if (encrypted && cipher) {
        try {
          secrets.set(id, cipher.decryptString(Buffer.from(value, 'base64')));
        } catch {
          warnings.push(`the secret of poll source ${id} can no longer be decrypted; enter it again`);
        }
      } else warnings.push(`the secret of poll source ${id} is encrypted and no keychain is available here; enter it again`);
    }
  }

  const save = async (): Promise<void> => {
    const file: SecretsFile = {
      note: encrypted ? ENCRYPTED_NOTE : PLAIN_NOTE,
      encrypted,
      secrets: Object.fromEntries(
        [...secrets].map(([id, value]) => [id, encrypted && cipher ? cipher.encryptString(value).toString('base64') : value]),
      ),
    };
    // Written under a temporary name with its final mode, then renamed: never briefly world-readable.
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, path);
  };

  return {
    protection: encrypted ? 'encrypted' : 'user-only-file',
    path,
    warnings,
    get: (id) => secrets.get(id),
    has: (id) => secrets.has(id),
    async set(id, secret) {
      secrets.set(id, secret);
      await save();
    },
    async delete(id) {
      if (!secrets.delete(id)) return;
      await save();
    },
  };
}
