// The filter box's query language, shared by the renderer (row fields) and the core (headers and
// bodies, which only the core holds). Pure and dependency-free so both ends parse a query the same way.
//
//   method:POST path:/hooks status:4xx header:x-github-event body:"lead.replied" class:poll-only word
//
// Terms are ANDed; a leading `-` negates one; values with spaces go in double quotes.

export const SEARCH_FIELDS = ['method', 'path', 'status', 'header', 'body', 'class'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The row classes `class:` accepts (the colours a row can carry). */
export const SEARCH_CLASSES = ['both', 'push-only', 'poll-only', 'duplicate', 'rejected', 'baseline', 'unkeyed'] as const;
export type SearchClass = (typeof SEARCH_CLASSES)[number];

/** Longer queries are refused: nobody types them, and each term costs a pass over every body. */
export const SEARCH_QUERY_MAX = 1000;

export interface SearchTerm {
  field: SearchField;
  /** As typed (quotes removed); for `header`, the name and optional value split below. */
  value: string;
  negate: boolean;
  /** `status:` only: inclusive bounds. */
  min?: number;
  max?: number;
  /** `header:` only: lower-cased name and (optional) lower-cased value fragment. */
  headerName?: string;
  headerValue?: string;
}

export interface SearchQuery {
  /** Lower-cased free words that must all appear in a row's text. */
  words: string[];
  /** Lower-cased free words that must not appear. */
  notWords: string[];
  terms: SearchTerm[];
  /** What was not understood, in words for the user; the rest of the query still applies. */
  problems: string[];
}

export function isSearchField(name: string): name is SearchField {
  return (SEARCH_FIELDS as readonly string[]).includes(name);
}

/** Whether part of the query needs the stored headers or bodies (a core `search` call). */
export function needsCoreSearch(q: SearchQuery): boolean {
  return q.terms.some((t) => t.field === 'header' || t.field === 'body');
}

export function isEmptyQuery(q: SearchQuery): boolean {
  return q.words.length === 0 && q.notWords.length === 0 && q.terms.length === 0;
}

interface Token {
  text: string;
  negate: boolean;
  /** The text before the first colon that is outside quotes, when there is one. */
  field?: string;
  value?: string;
}

function tokenize(input: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    while (i < n && /\s/.test(input[i])) i++;
    if (i >= n) break;
    let negate = false;
    if (input[i] === '-' && i + 1 < n && !/\s/.test(input[i + 1])) {
      negate = true;
      i++;
    }
    let text = '';
    let field: string | undefined;
    let valueStart = -1;
    while (i < n && !/\s/.test(input[i])) {
      const c = input[i];
      if (c === '"') {
        const close = input.indexOf('"', i + 1);
        if (close < 0) {
          problems.push('a quote is not closed: the rest of the query was taken as the quoted text');
          text += input.slice(i + 1);
          i = n;
          break;
        }
        text += input.slice(i + 1, close);
        i = close + 1;
        continue;
      }
      if (c === ':' && field === undefined && valueStart < 0) {
        field = text;
        valueStart = text.length + 1;
        text += c;
        i++;
        continue;
      }
      text += c;
      i++;
    }
    tokens.push(field !== undefined ? { text, negate, field, value: text.slice(valueStart) } : { text, negate });
  }
  return tokens;
}

/** `404`, `4xx`, `400-499`, `>=400`, `>400`, `<300`, `<=299`. */
export function parseStatusRange(value: string): { min: number; max: number } | null {
  const v = value.trim().toLowerCase();
  let m = /^([1-5])xx$/.exec(v);
  if (m) return { min: Number(m[1]) * 100, max: Number(m[1]) * 100 + 99 };
  m = /^(\d{3})$/.exec(v);
  if (m) return { min: Number(m[1]), max: Number(m[1]) };
  m = /^(\d{3})-(\d{3})$/.exec(v);
  if (m && Number(m[1]) <= Number(m[2])) return { min: Number(m[1]), max: Number(m[2]) };
  m = /^(>=|>|<=|<)(\d{3})$/.exec(v);
  if (m) {
    const x = Number(m[2]);
    if (m[1] === '>=') return { min: x, max: 999 };
    if (m[1] === '>') return { min: x + 1, max: 999 };
    if (m[1] === '<=') return { min: 0, max: x };
    return { min: 0, max: x - 1 };
  }
  return null;
}

function termOf(field: SearchField, value: string, negate: boolean, problems: string[]): SearchTerm | null {
  if (value === '') {
    problems.push(`${field}: needs a value (e.g. ${EXAMPLES[field]})`);
    return null;
  }
  if (field === 'status') {
    const range = parseStatusRange(value);
    if (!range) {
      problems.push(`status:${value} is not a status; use e.g. 404, 4xx, 400-499 or >=400`);
      return null;
    }
    return { field, value, negate, ...range };
  }
  if (field === 'class') {
    const cls = value.toLowerCase();
    if (!(SEARCH_CLASSES as readonly string[]).includes(cls)) {
      problems.push(`class:${value} is not a class; use one of ${SEARCH_CLASSES.join(', ')}`);
      return null;
    }
    return { field, value: cls, negate };
  }
  if (field === 'header') {
    // `header:name`, `header:name=value` or `header:name:value`; names hold neither = nor :.
    const cut = value.search(/[=:]/);
    const headerName = (cut < 0 ? value : value.slice(0, cut)).trim().toLowerCase();
    const headerValue = cut < 0 ? undefined : value.slice(cut + 1).toLowerCase();
    if (headerName === '') {
      problems.push(`header:${value} needs a header name before the value`);
      return null;
    }
    return { field, value, negate, headerName, ...(headerValue ? { headerValue } : {}) };
  }
  return { field, value, negate };
}

const EXAMPLES: Record<SearchField, string> = {
  method: 'method:POST',
  path: 'path:/hooks',
  status: 'status:4xx',
  header: 'header:x-github-event',
  body: 'body:"lead.replied"',
  class: 'class:poll-only',
};

export function parseSearchQuery(input: string): SearchQuery {
  const q: SearchQuery = { words: [], notWords: [], terms: [], problems: [] };
  if (input.length > SEARCH_QUERY_MAX) {
    q.problems.push(`the query is longer than ${SEARCH_QUERY_MAX} characters; shorten it`);
    return q;
  }
  for (const tok of tokenize(input, q.problems)) {
    const name = tok.field?.toLowerCase();
    if (name !== undefined && isSearchField(name)) {
      const term = termOf(name, tok.value ?? '', tok.negate, q.problems);
      if (term) q.terms.push(term);
      continue;
    }
    // `foo:bar` with an unknown field is searched as text (ids and URLs hold colons), but a word
    // that looks like a misspelt field gets a hint.
    if (name !== undefined && SEARCH_FIELDS.some((f) => f[0] === name[0] && Math.abs(f.length - name.length) <= 1)) {
      q.problems.push(`"${tok.field}:" is not a filter (known: ${SEARCH_FIELDS.join(', ')}); it was searched as text`);
    }
    if (tok.text === '') continue;
    (tok.negate ? q.notWords : q.words).push(tok.text.toLowerCase());
  }
  return q;
}

/** The headers and body text of one stored event, for the terms only the core can check. */
export interface SearchableContent {
  /** Lower-cased header names and values; empty for polled items. */
  headers: readonly (readonly [string, string])[];
  /** The body (pushes) or the item's JSON (polls), lower-cased. */
  body: string;
}

/** Whether an event's headers and body satisfy the query's `header:` and `body:` terms. */
export function matchesContent(q: SearchQuery, c: SearchableContent): boolean {
  for (const t of q.terms) {
    let hit: boolean;
    if (t.field === 'body') hit = c.body.includes(t.value.toLowerCase());
    else if (t.field === 'header') hit = c.headers.some(([name, value]) => name === t.headerName && (t.headerValue === undefined || value.includes(t.headerValue)));
    else continue;
    if (hit === t.negate) return false;
  }
  return true;
}
