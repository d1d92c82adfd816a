#!/usr/bin/env node
// Entry of the `hookscope` command: runs the compiled CLI from out/main (built by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('hookscope: the app is not built yet; run `npm run build` in the Hookscope folder first.\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
const code = await main(process.argv);
if (code !== 0) process.exit(code);
