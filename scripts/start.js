#!/usr/bin/env node
// `npm start`: launch the built Electron app. Electron (>= 42) fetches its binary on first run, which
// fails or hangs on machines without access to GitHub; then, and whenever Electron cannot start
// (no display, missing system libraries), say so in one line and open the browser UI instead.
//
// Environment (mainly for tests):
//   HOOKSCOPE_ELECTRON_PATH               use this Electron binary, skip discovery and download
//   HOOKSCOPE_ELECTRON_PKG_DIR            the electron package folder (default: resolved from node_modules)
//   HOOKSCOPE_ELECTRON_INSTALL_TIMEOUT_MS bound on the first-run download (default 60000)
//   HOOKSCOPE_ELECTRON_STARTUP_MS         an exit with an error within this window counts as "could not start" (default 10000)
//   HOOKSCOPE_CLI_PATH                    the CLI used for the fallback (default bin/hookscope.js)
//   HOOKSCOPE_START_DRY_RUN=1             print the fallback command instead of running it
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

function numberFromEnv(name, fallback) {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const INSTALL_TIMEOUT_MS = numberFromEnv('HOOKSCOPE_ELECTRON_INSTALL_TIMEOUT_MS', 60_000);
const STARTUP_WINDOW_MS = numberFromEnv('HOOKSCOPE_ELECTRON_STARTUP_MS', 10_000);
const DRY_RUN = env.HOOKSCOPE_START_DRY_RUN === '1';

/** The most telling line of a tool's output, short enough to sit inside one sentence. */
function shortCause(text) {
  const lines = String(text)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error|cannot|missing|failed/i.test(l)) ?? lines.at(-1) ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** Runs a command to completion or kills it at the deadline; never waits longer. */
function runBounded(command, args, timeoutMs) {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const collect = (chunk) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ code: 1, timedOut, output: `${output}\n${err.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, timedOut, output });
    });
  });
}

function electronPackageDir() {
  if (env.HOOKSCOPE_ELECTRON_PKG_DIR) return env.HOOKSCOPE_ELECTRON_PKG_DIR;
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Mirrors node_modules/electron/index.js without its synchronous, unbounded download. */
function installedBinary(pkgDir) {
  const pathFile = join(pkgDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const full = join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    return existsSync(full) ? full : null;
  }
  if (!executable) return null;
  const full = join(pkgDir, 'dist', executable);
  return existsSync(full) ? full : null;
}

async function findElectron() {
  if (env.HOOKSCOPE_ELECTRON_PATH) {
    const path = env.HOOKSCOPE_ELECTRON_PATH;
    return existsSync(path) ? { path } : { cause: `no Electron binary at ${path}` };
  }
  const pkgDir = electronPackageDir();
  if (!pkgDir) return { cause: 'the electron package is not installed' };
  const ready = installedBinary(pkgDir);
  if (ready) return { path: ready };

  const seconds = Math.round(INSTALL_TIMEOUT_MS / 1000);
  console.log(`Fetching the Electron binary (first run, up to ${seconds} s)...`);
  const result = await runBounded(process.execPath, [join(pkgDir, 'install.js')], INSTALL_TIMEOUT_MS);
  if (result.timedOut) return { cause: `downloading the Electron binary timed out after ${seconds} s` };
  if (result.code !== 0) {
    const why = shortCause(result.output);
    return { cause: `the Electron binary could not be downloaded${why ? `: ${why}` : ''}` };
  }
  const installed = installedBinary(pkgDir);
  return installed ? { path: installed } : { cause: 'the Electron binary is still missing after its download' };
}

function displayProblem() {
  if (process.platform !== 'linux') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'no graphical display: DISPLAY and WAYLAND_DISPLAY are not set';
}

/** Forwards termination to the child and waits for it, so no orphan outlives `npm start`. */
function forwardSignals(child) {
  const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => {
    const handler = () => child.kill(signal);
    process.on(signal, handler);
    return [signal, handler];
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

function launchElectron(binary) {
  return new Promise((resolve) => {
    const childEnv = { ...env };
    // Set in some shells by other tools; it would make Electron behave as plain Node.
    delete childEnv.ELECTRON_RUN_AS_NODE;
    const started = Date.now();
    let stderrTail = '';
    const child = spawn(binary, [projectDir], { stdio: ['inherit', 'inherit', 'pipe'], env: childEnv });
    const stopForwarding = forwardSignals(child);
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString()).slice(-8000);
    });
    child.once('error', (err) => {
      stopForwarding();
      resolve({ failed: true, cause: err.code === 'ENOENT' ? `no Electron binary at ${binary}` : err.message });
    });
    child.once('close', (code, signal) => {
      stopForwarding();
      const failed = code !== 0 && Date.now() - started < STARTUP_WINDOW_MS;
      if (failed) {
        const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
        resolve({ failed: true, cause: shortCause(stderrTail) || `Electron ${how}` });
      } else {
        resolve({ failed: false, code: code ?? 1 });
      }
    });
  });
}

function openInBrowser(cause) {
  console.log(`Electron could not start here (${cause}); opening Hookscope in your browser instead.`);
  const cli = env.HOOKSCOPE_CLI_PATH || join(projectDir, 'bin', 'hookscope.js');
  const args = [cli, 'serve', '--open'];
  if (DRY_RUN) {
    console.log(`[dry run] would run: node ${relative(projectDir, cli) || cli} serve --open`);
    return Promise.resolve(0);
  }
  if (!existsSync(cli)) {
    console.error(`Hookscope's command line is missing (${cli}); run npm install and npm run build.`);
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: projectDir });
    const stopForwarding = forwardSignals(child);
    child.once('error', (err) => {
      stopForwarding();
      console.error(`Could not run ${cli}: ${err.message}`);
      resolve(1);
    });
    child.once('close', (code) => {
      stopForwarding();
      resolve(code ?? 1);
    });
  });
}

async function main() {
  const noDisplay = displayProblem();
  if (noDisplay) return openInBrowser(noDisplay);
  const electron = await findElectron();
  if (!electron.path) return openInBrowser(electron.cause);
  const run = await launchElectron(electron.path);
  if (run.failed) return openInBrowser(run.cause);
  return run.code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
