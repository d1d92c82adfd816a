// The demo API's current state: what a poller can see right now. Objects here are the API's own
// copies, so later changes never leak into bodies already pushed.
import type { DemoEvent } from './demo-types';

export class EventStore {
  /** Oldest first; newest-first listing just walks it backwards. */
  private readonly items: DemoEvent[] = [];
  private readonly byId = new Map<string, DemoEvent>();

  constructor(private readonly retain: number) {}

  add(event: DemoEvent): void {
    const copy = structuredClone(event);
    this.items.push(copy);
    this.byId.set(copy.id, copy);
    while (this.items.length > this.retain) {
      const oldest = this.items.shift();
      if (oldest) this.byId.delete(oldest.id);
    }
  }

  remove(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    const index = this.items.findIndex((item) => item.id === id);
    if (index >= 0) this.items.splice(index, 1);
    return true;
  }

  /** Applies a change in place; false when the event is no longer listed. */
  update(id: string, change: (event: DemoEvent) => void): boolean {
    const event = this.byId.get(id);
    if (!event) return false;
    change(event);
    return true;
  }

  get(id: string): DemoEvent | undefined {
    return this.byId.get(id);
  }

  newest(limit: number): { data: DemoEvent[]; hasMore: boolean } {
    const data = this.items.slice(Math.max(0, this.items.length - limit)).reverse();
    return { data, hasMore: this.items.length > limit };
  }

  get size(): number {
    return this.items.length;
  }
}
