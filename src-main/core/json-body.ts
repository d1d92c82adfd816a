// A captured body's JSON, parsed at most once and shared by everything that reads it (the summary,
// the match key, the source time): each parsing it on its own was a good part of a capture's cost.
export class JsonBody {
  private parsed = false;
  private result: unknown;

  /** `text` is the body as text: only bodies whose bytes are valid UTF-8 (stored as 'utf8'). */
  constructor(readonly text: string) {}

  /** The parsed value, or undefined when the text is not JSON. Parses on first use only. */
  value(): unknown {
    if (!this.parsed) {
      this.parsed = true;
      try {
        this.result = JSON.parse(this.text) as unknown;
      } catch {
        this.result = undefined;
      }
    }
    return this.result;
  }
}
