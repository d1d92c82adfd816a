// A bounded wait used by the canary: no promise it guards can keep the manager waiting forever.
export class TimedOut extends Error {}

// Settles with p, or rejects with TimedOut after ms, or rejects when signal aborts; the timer is
// always cleared so nothing outlives the call.
export function within<T>(p: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => done(() => reject(new TimedOut('timed out'))), ms);
    const onAbort = (): void => done(() => reject(new Error('cancelled')));
    const done = (settle: () => void): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    if (signal.aborted) return done(() => reject(new Error('cancelled')));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => done(() => resolve(v)),
      (e: unknown) => done(() => reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
