// The path patterns rules use (signing, custom responses): an exact path, a prefix ending in `*`,
// or `*` for every path. Deliberately no globs or regexes: a rule must be readable at a glance.
export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*' || pattern === '') return true;
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}
