import { describe, expect, it } from 'vitest';
import { extent, pan, ticks, zoom, MIN_SPAN } from '../../../renderer/src/panels/time-axis';

const H = 3_600_000;
const D = 24 * H;

describe('time axis', () => {
  it('chooses a step that gives at most the asked number of ticks, on round times', () => {
    const t = ticks([0, 2 * D], 8);
    expect(t.step).toBe(6 * H);
    expect(t.at.length).toBeLessThanOrEqual(9);
    expect(t.at.every((x) => x % t.step === 0)).toBe(true);
  });

  it('pads the extent of the events', () => {
    const [lo, hi] = extent([10 * D, 12 * D]);
    expect(lo).toBeLessThan(10 * D);
    expect(hi).toBeGreaterThan(12 * D);
  });

  it('zooms around the anchor and stays within bounds', () => {
    const bounds = [0, 100 * H] as const;
    const inward = zoom(bounds, 0.5, 0.5, bounds);
    expect(inward).toEqual([25 * H, 75 * H]);
    // zooming out never passes the bounds
    expect(zoom(inward, 10, 0.5, bounds)).toEqual([0, 100 * H]);
    // nor in below a minute
    const tiny = zoom(bounds, 1e-12, 0, bounds);
    expect(tiny[1] - tiny[0]).toBe(MIN_SPAN);
  });

  it('pans by a fraction of the window, clamped', () => {
    const bounds = [0, 100] as const;
    expect(pan([10, 20], 0.5, bounds)).toEqual([15, 25]);
    expect(pan([85, 95], 1, bounds)).toEqual([90, 100]);
  });
});
