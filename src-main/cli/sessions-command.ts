// `hookscope sessions`: the named sessions of a data folder, read without taking the folder, so it
// works while `serve` or the app runs.
import { countEvents, readSessionIndex } from '../core/sessions/session-files';

export async function listSessions(dataDir: string, json: boolean): Promise<string> {
  const index = await readSessionIndex(dataDir);
  const rows = await Promise.all(
    index.sessions.map(async (s) => ({ ...s, current: s.id === index.currentId, events: await countEvents(dataDir, s.id) })),
  );
  if (json) return `${JSON.stringify({ currentId: index.currentId, sessions: rows }, null, 2)}\n`;
  const table = [
    ['', 'ID', 'NAME', 'CREATED (UTC)', 'EVENTS'],
    ...rows.map((r) => [r.current ? '*' : '', r.id, r.name, r.createdAt === '' ? '-' : r.createdAt.slice(0, 16).replace('T', ' '), String(r.events)]),
  ];
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  return table.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]))).join('  ').trimEnd()).join('\n') + '\n';
}
