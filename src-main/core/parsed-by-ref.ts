// Stored rules are read on every captured request but change only when the user edits them, and a
// settings update always installs a new array: so the validated form is kept per array object.
export function parsedByRef<T>(parse: (value: unknown[]) => T[]): (value: unknown) => T[] {
  const cache = new WeakMap<unknown[], readonly T[]>();
  return (value) => {
    if (!Array.isArray(value)) return [];
    let parsed = cache.get(value);
    if (parsed === undefined) {
      parsed = Object.freeze(parse(value));
      cache.set(value, parsed);
    }
    return [...parsed];
  };
}
