// The session's view of poll-source secrets: stored ones (the secret store) and ones given for this
// run only (a CLI config file reading an environment variable), which are never written anywhere.
import type { PollSourceInput } from '../../contract/api';
import type { SecretStore } from '../secrets/secret-store';
import type { SecretReader } from './poll-source';

export class SourceSecrets implements SecretReader {
  readonly #runOnly = new Map<string, string>();

  constructor(readonly store: SecretStore | undefined) {}

  get(sourceId: string): string | undefined {
    return this.#runOnly.get(sourceId) ?? this.store?.get(sourceId);
  }

  has(sourceId: string): boolean {
    return this.get(sourceId) !== undefined;
  }

  /**
   * Applies the secret a user submitted: absent keeps the stored one, '' forgets it. Returns a
   * notice for the user when a secret was stored in the plain (user-only) file.
   */
  async apply(sourceId: string, secret: string | undefined, runOnly: boolean): Promise<string | undefined> {
    if (secret === undefined) return undefined;
    if (runOnly) {
      if (secret === '') this.#runOnly.delete(sourceId);
      else this.#runOnly.set(sourceId, secret);
      return undefined;
    }
    if (!this.store) throw new Error('no secret store is available to keep this secret');
    if (secret === '') {
      await this.store.delete(sourceId);
      return undefined;
    }
    await this.store.set(sourceId, secret);
    return this.store.protection === 'user-only-file'
      ? `secret kept in ${this.store.path}: not encrypted, readable only by your user (mode 600), never exported`
      : undefined;
  }

  async forget(sourceId: string): Promise<void> {
    this.#runOnly.delete(sourceId);
    await this.store?.delete(sourceId);
  }
}

/** The input without its secret: what may be stored as a config. */
export function withoutSecret<T extends PollSourceInput>(input: T): Omit<T, 'secret'> {
  const copy: Partial<T> = { ...input };
  delete copy.secret;
  return copy as Omit<T, 'secret'>;
}
