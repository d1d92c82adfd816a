// Every timer the demo starts goes through here, so stop() can clear all of them at once and a
// throwing callback (e.g. an event listener) is reported instead of crashing the process.

export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly onError: (err: unknown) => void) {}

  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        fn();
      } catch (err) {
        this.onError(err);
      }
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
