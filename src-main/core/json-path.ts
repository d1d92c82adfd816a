// Dot paths into parsed JSON (`data.object.id`, `items.0.id`): the one notation users type for
// items, ids, match keys and source times.

export function getPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      const index = Number(part);
      if (!Number.isInteger(index)) return undefined;
      current = current[index];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
  }
  return current;
}

/** A key usable for matching: strings and finite numbers, both as strings so `7` and `"7"` join. */
export function keyOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const AUTO_TIME_PATHS = ['created_at', 'created', 'timestamp', 'createdAt', 'time', 'data.created_at'];

/**
 * A source time in epoch ms from a path, or from the usual field names when no path is given.
 * Numbers below 1e11 are taken as epoch seconds (Stripe's `created`), larger ones as milliseconds.
 */
export function sourceTimeOf(value: unknown, timePath: string): number | undefined {
  const paths = timePath ? [timePath] : AUTO_TIME_PATHS;
  for (const path of paths) {
    const raw = getPath(value, path);
    const ms = toEpochMs(raw);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

export function toEpochMs(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return raw < 1e11 ? raw * 1000 : raw;
  if (typeof raw === 'string' && raw !== '') {
    if (/^\d+(\.\d+)?$/.test(raw)) return toEpochMs(Number(raw));
    const parsed = Date.parse(raw);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}
