// XML re-indented for reading, as text: the UI shows the string, nothing is ever parsed into a DOM
// or rendered. Comments, CDATA, processing instructions and text are kept verbatim.

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<\/[^>]+>|<[^>]+>|[^<]+/g;

/** Undefined when the text does not look like XML (no tags, or tags that do not balance). */
export function prettyXml(text: string, indent = '  '): string | undefined {
  if (!/^\s*</.test(text)) return undefined;
  const out: string[] = [];
  let depth = 0;
  let pendingText: string | undefined;
  let lastWasOpen = false;
  const line = (s: string): void => {
    out.push(indent.repeat(Math.max(depth, 0)) + s);
  };
  for (const m of text.matchAll(TOKEN)) {
    const tok = m[0];
    if (!tok.startsWith('<')) {
      const trimmed = tok.trim();
      if (trimmed !== '') pendingText = trimmed;
      continue;
    }
    if (tok.startsWith('</')) {
      depth--;
      if (pendingText !== undefined && lastWasOpen) {
        // <a>text</a> stays on one line: that is how people read leaf elements.
        const open = out.pop() ?? '';
        out.push(`${open}${pendingText}${tok}`);
        pendingText = undefined;
      } else {
        if (pendingText !== undefined) {
          depth++;
          line(pendingText);
          depth--;
          pendingText = undefined;
        }
        line(tok);
      }
      lastWasOpen = false;
      continue;
    }
    if (pendingText !== undefined) {
      line(pendingText);
      pendingText = undefined;
    }
    const selfContained = tok.startsWith('<?') || tok.startsWith('<!') || tok.endsWith('/>');
    line(tok);
    if (!selfContained) depth++;
    lastWasOpen = !selfContained;
  }
  if (pendingText !== undefined) line(pendingText);
  if (depth !== 0) return undefined;
  return out.join('\n');
}
