import { describe, expect, it } from 'vitest';
import { matchesContent, needsCoreSearch, parseSearchQuery, parseStatusRange, SEARCH_QUERY_MAX } from '../../src-main/contract/search-query';

describe('parseSearchQuery', () => {
  it('reads every field, free words and quoted values', () => {
    const q = parseSearchQuery('method:POST path:/hooks status:4xx header:x-github-event body:"lead.replied" class:poll-only Stripe "two words"');
    expect(q.problems).toEqual([]);
    expect(q.words).toEqual(['stripe', 'two words']);
    expect(q.terms.map((t) => [t.field, t.value])).toEqual([
      ['method', 'POST'],
      ['path', '/hooks'],
      ['status', '4xx'],
      ['header', 'x-github-event'],
      ['body', 'lead.replied'],
      ['class', 'poll-only'],
    ]);
    expect(q.terms[2]).toMatchObject({ min: 400, max: 499 });
    expect(q.terms[3]).toMatchObject({ headerName: 'x-github-event' });
    expect(q.terms[3].headerValue).toBeUndefined();
    expect(needsCoreSearch(q)).toBe(true);
  });

  it('negates a term or a word with a leading minus; a lone minus is a word', () => {
    const q = parseSearchQuery('-method:GET -noise - body:"a b"');
    expect(q.terms[0]).toMatchObject({ field: 'method', negate: true });
    expect(q.terms[1]).toMatchObject({ field: 'body', value: 'a b', negate: false });
    expect(q.notWords).toEqual(['noise']);
    expect(q.words).toEqual(['-']);
  });

  it('splits header:name=value and header:name:value; field names ignore case', () => {
    expect(parseSearchQuery('header:X-Event=Push').terms[0]).toMatchObject({ headerName: 'x-event', headerValue: 'push' });
    expect(parseSearchQuery('HEADER:x-event:push').terms[0]).toMatchObject({ headerName: 'x-event', headerValue: 'push' });
  });

  it('status forms: exact, class, range and comparisons', () => {
    expect(parseStatusRange('404')).toEqual({ min: 404, max: 404 });
    expect(parseStatusRange('5XX')).toEqual({ min: 500, max: 599 });
    expect(parseStatusRange('400-499')).toEqual({ min: 400, max: 499 });
    expect(parseStatusRange('>=400')).toEqual({ min: 400, max: 999 });
    expect(parseStatusRange('>400')).toEqual({ min: 401, max: 999 });
    expect(parseStatusRange('<300')).toEqual({ min: 0, max: 299 });
    expect(parseStatusRange('<=299')).toEqual({ min: 0, max: 299 });
    expect(parseStatusRange('499-400')).toBeNull();
    expect(parseStatusRange('abc')).toBeNull();
  });

  it('explains what it did not understand and keeps the rest', () => {
    const q = parseSearchQuery('status:abc class:sometimes method: header:=x mehtod:POST evt:1 keep');
    expect(q.terms).toEqual([]);
    expect(q.problems).toHaveLength(5);
    expect(q.problems[0]).toMatch(/status:abc is not a status/);
    expect(q.problems[1]).toMatch(/class:sometimes is not a class; use one of both/);
    expect(q.problems[2]).toMatch(/method: needs a value/);
    expect(q.problems[3]).toMatch(/needs a header name/);
    expect(q.problems[4]).toMatch(/"mehtod:" is not a filter/);
    // Unknown prefixes are text (ids and URLs hold colons).
    expect(q.words).toEqual(['mehtod:post', 'evt:1', 'keep']);
  });

  it('an unclosed quote takes the rest of the query, with a note', () => {
    const q = parseSearchQuery('body:"lead replied');
    expect(q.terms[0]).toMatchObject({ field: 'body', value: 'lead replied' });
    expect(q.problems[0]).toMatch(/quote is not closed/);
  });

  it('refuses an over-long query instead of scanning with it', () => {
    const q = parseSearchQuery(`body:${'x'.repeat(SEARCH_QUERY_MAX)}`);
    expect(q.terms).toEqual([]);
    expect(q.problems[0]).toMatch(/longer than/);
  });
});

describe('matchesContent', () => {
  const content = { headers: [['x-github-event', 'push'], ['content-type', 'application/json']] as const, body: '{"type":"lead.replied"}' };
  it('checks header names exactly, values as fragments, body text case-insensitively', () => {
    expect(matchesContent(parseSearchQuery('header:X-GitHub-Event'), content)).toBe(true);
    expect(matchesContent(parseSearchQuery('header:x-github'), content)).toBe(false);
    expect(matchesContent(parseSearchQuery('header:x-github-event=pu'), content)).toBe(true);
    expect(matchesContent(parseSearchQuery('header:x-github-event=issues'), content)).toBe(false);
    expect(matchesContent(parseSearchQuery('body:LEAD.REPLIED'), content)).toBe(true);
    expect(matchesContent(parseSearchQuery('-body:lead.replied'), content)).toBe(false);
    expect(matchesContent(parseSearchQuery('body:lead -header:x-stripe'), content)).toBe(true);
  });
});
