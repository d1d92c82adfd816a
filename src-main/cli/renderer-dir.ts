// The built renderer sits in out/renderer of the package; the compiled CLI may live in a chunk,
// so the folder is found by walking up rather than by a fixed relative path.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function locateRendererDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOOKSCOPE_RENDERER_DIR) return env.HOOKSCOPE_RENDERER_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'out', 'renderer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (existsSync(join(dir, 'renderer', 'index.html'))) return join(dir, 'renderer');
    dir = dirname(dir);
  }
  return join(process.cwd(), 'out', 'renderer');
}
