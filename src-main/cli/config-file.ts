// The `--config` file is read once and parsed once; each part of it (poll sources, inspector rules)
// is then checked by its own schema, with errors that name the file and the entry.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a JSON file' : (error as Error).message;
    throw new Error(`--config ${file}: ${reason}`);
  }
}

/** JSON-parse the file's text and check it against a schema, or throw one line naming the file. */
export function parseConfigJson<T>(text: string, file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--config ${file}: ${where(issue?.path ?? [])}${issue?.message ?? 'not valid'}`);
  }
  return parsed.data;
}

/** `sources[1].auth: ` for a schema issue's path. */
export function where(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '';
  return `${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('')}: `;
}
