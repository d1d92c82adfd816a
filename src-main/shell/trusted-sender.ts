// Which pages may call the core over IPC: only the app's own renderer — the built files under
// out/renderer, or the electron-vite dev server while developing. Any other frame is refused.
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RendererLocation {
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  /** process.env.ELECTRON_RENDERER_URL when running under `electron-vite dev`. */
  devUrl?: string;
}

export function isTrustedRendererUrl(url: string | undefined, where: RendererLocation): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (where.devUrl) {
    try {
      if (parsed.origin === new URL(where.devUrl).origin && parsed.origin !== 'null') return true;
    } catch {
      // A malformed dev URL trusts nothing extra.
    }
  }
  if (parsed.protocol !== 'file:') return false;
  let path: string;
  try {
    path = resolve(fileURLToPath(parsed));
  } catch {
    return false;
  }
  const root = resolve(where.rendererDir);
  return path.startsWith(root + sep);
}
