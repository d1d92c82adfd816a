// Ids that sort by creation time and stay unique within a process: time, then a counter.
let counter = 0;
let lastMs = 0;
/** 36^4: four base-36 digits of randomness. */
const RANDOM_SPAN = 1_679_616;

export function newId(prefix: string): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    counter = 0;
  }
  counter += 1;
  // An integer's base-36 digits, not a float's: Math.random().toString(36) cost a few µs per id,
  // which every captured request pays.
  const random = Math.floor(Math.random() * RANDOM_SPAN).toString(36).padStart(4, '0');
  return `${prefix}_${ms.toString(36)}${counter.toString(36).padStart(3, '0')}${random}`;
}
