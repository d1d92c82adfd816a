import { describe, expect, it } from 'vitest';
import { HeaderDeadline } from '../../src-main/core/header-deadline';
import { Receiver } from '../../src-main/core/receiver';

describe('HeaderDeadline', () => {
  it('refuses a deadline that is not a positive number of milliseconds', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new HeaderDeadline(bad, () => undefined)).toThrow(/positive number of milliseconds/);
    }
  });

  it('surfaces a bad receiver header deadline when the receiver starts', async () => {
    const receiver = new Receiver({ port: 0, onCapture: () => undefined, headerDeadlineMs: -5 });
    await expect(receiver.start()).rejects.toThrow(/header deadline/);
    await receiver.stop();
  });
});
