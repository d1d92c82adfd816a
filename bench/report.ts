// Figures as printed and as written to docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, release, platform } from 'node:os';

export interface Figure {
  bench: string;
  name: string;
  value: string;
  target: string;
  /** undefined: a baseline or context figure, not a target. */
  met: boolean | undefined;
}

export function machine(): string {
  const cpu = cpus();
  let chromium = 'n/a';
  try {
    chromium = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // the UI figures say so themselves
  }
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} (shared)`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${platform()} ${release()}`,
    `- Node ${process.version}; ${chromium}`,
  ].join('\n');
}

export function printFigures(figures: Figure[]): void {
  for (const f of figures) {
    const mark = f.met === undefined ? ' ' : f.met ? '✓' : '✗';
    console.log(`${mark} [${f.bench}] ${f.name}: ${f.value}${f.target !== '—' ? `  (target ${f.target})` : ''}`);
  }
}

export function table(figures: Figure[]): string {
  const rows = figures.map((f) => `| ${f.bench} | ${f.name} | ${f.value} | ${f.target} | ${f.met === undefined ? '' : f.met ? 'met' : '**missed**'} |`);
  return ['| benchmark | figure | measured | target | |', '|---|---|---|---|---|', ...rows].join('\n');
}
