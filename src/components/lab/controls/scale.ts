/**
 * Slider positions ↔ values. A log slider has `STEPS` positions between `min` and `max`; values are
 * rounded to two significant digits so the URL and the labels show 350000, not 346736.85.
 * `zero: true` adds position 0 for the value 0 (e.g. "no hint").
 */
export const STEPS = 100;

export interface LogScale {
  min: number;
  max: number;
  zero?: boolean;
  /** Round to whole numbers (counts). */
  integer?: boolean;
}

export function nice(v: number, integer = true): number {
  if (v === 0) return 0;
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  const r = Math.round(v / mag) * mag;
  // Multiplying by a negative power of ten leaves float noise (0.35000000000000003); print-and-parse fixes it.
  const clean = Number(r.toPrecision(2));
  return integer ? Math.max(1, Math.round(clean)) : clean;
}

/** Position 0..STEPS of value `v` (values outside the range pin to the ends). */
export function toPosition(s: LogScale, v: number): number {
  if (s.zero && v <= 0) return 0;
  const lo = s.zero ? 1 : 0;
  const clamped = Math.min(s.max, Math.max(s.min, v));
  const f = Math.log(clamped / s.min) / Math.log(s.max / s.min);
  return lo + Math.round(f * (STEPS - lo));
}

export function fromPosition(s: LogScale, p: number): number {
  if (s.zero && p <= 0) return 0;
  const lo = s.zero ? 1 : 0;
  const f = (Math.min(STEPS, Math.max(lo, p)) - lo) / (STEPS - lo);
  const v = s.min * (s.max / s.min) ** f;
  if (p >= STEPS) return s.max;
  if (p <= lo) return s.min;
  return nice(v, s.integer ?? true);
}

/** Sessions alive at once under churn: inserts per second × TTL (the workload's definition, not a model output). */
export function liveTarget(insertsPerSec: number, ttlMs: number): number {
  return Math.round((insertsPerSec * ttlMs) / 1000);
}

/** Insert rate that keeps `live` sessions alive with a TTL of `ttlMs`. */
export function insertRateFor(live: number, ttlMs: number): number {
  return ttlMs > 0 ? Math.max(1, Math.round((live * 1000) / ttlMs)) : live;
}
