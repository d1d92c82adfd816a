// Ids that sort by creation time and stay unique within a process: time, then a counter.
let counter = 0;
let lastMs = 0;

export function newId(prefix: string): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    counter = 0;
  }
  counter += 1;
  return `${prefix}_${ms.toString(36)}${counter.toString(36).padStart(3, '0')}${Math.random().toString(36).slice(2, 6)}`;
}
