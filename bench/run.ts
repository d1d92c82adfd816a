// `npm run bench`: the five benchmarks, each against a baseline measured in the same run. Prints every
// figure with its target and writes them to docs/BENCHMARKS.md. Figures, not pass/fail: it exits 0
// when a target is missed (docs/BENCHMARKS.md explains the gaps) and 1 only when a benchmark broke.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './procs';
import { machine, printFigures, table, type Figure } from './report';
import { throughput } from './throughput';
import { pushToScreen } from './push-to-screen';
import { uiAtVolume } from './ui-volume';
import { memoryAndRestart } from './memory-restart';
import { pollCost } from './poll-cost';

const only = process.argv.slice(2);
const START = '<!-- figures:start -->';
const END = '<!-- figures:end -->';
const benches: [string, () => Promise<Figure[]>][] = [
  ['throughput', () => throughput()],
  ['push-to-screen', () => pushToScreen()],
  ['ui-volume', () => uiAtVolume()],
  ['memory', () => memoryAndRestart()],
  ['poll-cost', () => pollCost()],
];

const figures: Figure[] = [];
let broke = false;
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n— ${name}`);
  try {
    const got = await run();
    printFigures(got);
    figures.push(...got);
  } catch (error) {
    broke = true;
    console.error(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    figures.push({ bench: name, name: 'did not complete', value: (error as Error).message.split('\n')[0], target: '—', met: false });
  }
}

const out = join(ROOT, 'docs', 'BENCHMARKS.md');
const section = `${START}\n<!-- written by \`npm run bench\` on ${new Date().toISOString()} -->\n\nCommand: \`npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}\`\n\n${machine()}\n\n${table(figures)}\n${END}`;
// The hand-written analysis around the figures stays; only the figures between the markers are replaced.
const doc = existsSync(out) ? readFileSync(out, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
const from = doc.indexOf(START);
const to = doc.indexOf(END);
writeFileSync(out, from >= 0 && to > from ? doc.slice(0, from) + section + doc.slice(to + END.length) : `${doc}\n${section}\n`);
console.log(`\nfigures written to ${out}`);
process.exit(broke ? 1 : 0);
