// The headless mode and the Electron app share one per-user folder, so history follows the user
// between them. It matches Electron's userData for an app named "hookscope".
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HOOKSCOPE_DATA_DIR) return env.HOOKSCOPE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'hookscope');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'hookscope');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'hookscope');
}
