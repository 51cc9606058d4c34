/** A visible stretch of time, in epoch milliseconds. */
export type Window = readonly [number, number];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Tick spacings a reader can count in: minutes to years. */
const STEPS = [MIN, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 365 * DAY];
/** The narrowest window zooming may reach: a minute, below that dots no longer separate. */
export const MIN_SPAN = MIN;

/** The smallest step that gives at most `max` ticks over the window, and the ticks themselves. */
export function ticks([from, to]: Window, max: number): { step: number; at: number[] } {
  const span = Math.max(1, to - from);
  const step = STEPS.find((s) => span / s <= max) ?? Math.ceil(span / max / (365 * DAY)) * 365 * DAY;
  const at: number[] = [];
  for (let x = Math.ceil(from / step) * step; x <= to; x += step) at.push(x);
  return { step, at };
}

/** The window around events, with a margin so the first and last are not on the edge. */
export function extent(times: number[]): Window {
  if (times.length === 0) return [0, DAY];
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const pad = Math.max((hi - lo) * 0.05, 30 * MIN);
  return [lo - pad, hi + pad];
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping the time under `anchor` (0…1 across the axis) in
 * place, never wider than `bounds` nor narrower than a minute.
 */
export function zoom([from, to]: Window, factor: number, anchor: number, bounds: Window): Window {
  const full = bounds[1] - bounds[0];
  const span = Math.min(full, Math.max(MIN_SPAN, (to - from) * factor));
  const pivot = from + (to - from) * Math.min(1, Math.max(0, anchor));
  let lo = pivot - span * anchor;
  lo = Math.max(bounds[0], Math.min(lo, bounds[1] - span));
  return [lo, lo + span];
}

/** Moves the window by a fraction of its width, within bounds. */
export function pan([from, to]: Window, fraction: number, bounds: Window): Window {
  const span = to - from;
  const lo = Math.max(bounds[0], Math.min(from + span * fraction, bounds[1] - span));
  return [lo, lo + span];
}
