// The headless mode and the Electron app share one per-user folder, so history follows the user
// between them. It matches Electron's userData for an app named "hookscope".
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HOOKSCOPE_DATA_DIR) return env.HOOKSCOPE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'hookscope');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'hookscope');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'hookscope');
}

/**
 * The commands that only read a data folder (`sessions`, `export`, `report`) stop here when the
 * folder is not there, so a mistyped --data-dir is an error rather than an empty, made-up session.
 * A folder that exists but holds nothing yet is fine: it is just a data folder with no events.
 */
export async function requireDataDir(dataDir: string): Promise<void> {
  let info: Stats;
  try {
    info = await stat(dataDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'the folder does not exist (check --data-dir)' : `the folder cannot be read: ${(error as Error).message}`;
    throw new Error(`no Hookscope data in ${dataDir}: ${reason}`, { cause: error });
  }
  if (!info.isDirectory()) throw new Error(`no Hookscope data in ${dataDir}: it is a file, not a folder (check --data-dir)`);
}
