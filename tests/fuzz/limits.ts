/**
 * Shared checks of the fuzz tests: a scenario that came out of any input path lies inside the documented
 * ranges (`LIMITS` in src/sim/scenario.ts) and enums.
 */
import { expect } from 'vitest';
import { IMPLS, KEY_KINDS, LIMITS, TTS_OPS, VALUE_KINDS, parseScenario, type Scenario } from '../../src/sim/scenario';

/** `v` (when present) is finite and inside LIMITS[path]. */
export function inRange(path: keyof typeof LIMITS, v: number | null | undefined) {
  if (v === null || v === undefined) return;
  const { min, max } = LIMITS[path];
  expect(Number.isFinite(v), `${path} finite`).toBe(true);
  expect(v, path).toBeGreaterThanOrEqual(min);
  expect(v, path).toBeLessThanOrEqual(max);
}

/** Every field of an accepted scenario inside LIMITS and the enums; `parseScenario` accepts it as it is. */
export function expectInLimits(s: Scenario) {
  expect(parseScenario(s).ok).toBe(true);
  expect(IMPLS).toContain(s.impl);
  expect(KEY_KINDS).toContain(s.key);
  expect(VALUE_KINDS).toContain(s.value);
  for (const f of ['n', 'hint', 'deleteRatio', 'gogc', 'gomemlimit', 'gomaxprocs', 'forcedGcRuns', 'seed'] as const) inRange(f, s[f]);
  if (s.rebuild) inRange('rebuild.threshold', s.rebuild.threshold);
  if (s.churn) {
    inRange('churn.durationMs', s.churn.durationMs);
    inRange('churn.insertsPerSec', s.churn.insertsPerSec);
    inRange('churn.ttlMs', s.churn.ttlMs);
    expect((s.churn.durationMs * s.churn.insertsPerSec) / 1000).toBeLessThanOrEqual(LIMITS.churnInserts.max * 1.001);
  }
  if (s.backgroundAlloc) {
    inRange('backgroundAlloc.bytesPerSec', s.backgroundAlloc.bytesPerSec);
    inRange('backgroundAlloc.objectBytes', s.backgroundAlloc.objectBytes);
  }
  if (s.tts) {
    expect(TTS_OPS).toContain(s.tts.op);
    inRange('tts.hint', s.tts.hint);
    inRange('tts.gcs', s.tts.gcs);
    inRange('tts.gapMs', s.tts.gapMs);
  }
}

