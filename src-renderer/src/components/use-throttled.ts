import { useEffect, useRef, useState } from 'react';

/**
 * The value, updated at most once per `ms`: the first change shows at once, later ones within
 * `ms`, and the last one always lands (trailing edge), so the view never stays stale.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = last.current + ms - Date.now();
    const t = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(t);
  }, [value, shown, ms]);
  return shown;
}
