/**
 * The event trace a view replays: map structure changes, GC cycles and pauses, and phase boundaries, each
 * stamped with the simulated time at which it happened.
 *
 * Rules:
 *   1. The trace is bounded: after `limit` events it stops recording and counts what it dropped, per type,
 *      so a view can say "and 12 345 more evacuate steps".
 *   2. Fine-grained map events (`evacuate`, `overflow`, `prune`) are recorded only when the caller asks for
 *      `detail: 'all'`; otherwise they are counted. Growth starts and ends, splits and clears are recorded
 *      unless `detail: 'none'` (GC and phase events always are, within the limit).
 */
import { logArray } from './fork';
import type { MapEvent } from './contracts';
import type { GcEvent } from './gc';

/** Phases of the result format; 'ops' is mode syncmap's (calibration/cmd/child/syncmap.go). */
export type PhaseName = 'start' | 'insert' | 'delete' | 'gc' | 'rebuild_gc' | 'churn_end' | 'ops';

export type TraceEvent =
  | (MapEvent & { atNs: number })
  | GcEvent
  | { type: 'phase'; atNs: number; phase: PhaseName; edge: 'begin' | 'end' }
  | { type: 'forcedGc'; atNs: number; ns: number }
  | { type: 'rebuild'; atNs: number; fromCount: number; hint: number };

export type TraceDetail = 'structural' | 'all' | 'none';

const FINE = new Set(['evacuate', 'overflow', 'prune']);

/** Whether a trace of this detail keeps map events of this type, room permitting (rule 2); else it counts them. */
export function recordsMapEvent(detail: TraceDetail, type: string): boolean {
  return detail === 'all' || (detail === 'structural' && !FINE.has(type));
}

export class Trace {
  /** Never changed once added (a log for fork.ts). */
  readonly events: TraceEvent[] = logArray();
  /** Events not recorded, by type (rule 1 and 2). */
  readonly dropped: Record<string, number> = {};
  /** Every event seen, by type. */
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly limit: number,
    private readonly detail: TraceDetail,
  ) {}

  /**
   * A map event at `atNs`: counted always, and copied with its time only when it will be recorded (most
   * evacuate and overflow events are only counted, and a map emits one per step).
   */
  addMap(e: MapEvent, atNs: number): void {
    if (this.events.length < this.limit && recordsMapEvent(this.detail, e.type)) {
      this.add({ ...e, atNs });
      return;
    }
    this.counts[e.type] = (this.counts[e.type] ?? 0) + 1;
    this.dropped[e.type] = (this.dropped[e.type] ?? 0) + 1;
  }

  /** `n` more map events of `type` that this trace only counts (recordsMapEvent false), at once. */
  countMapEvents(type: string, n: number): void {
    if (recordsMapEvent(this.detail, type)) throw new Error(`trace: ${type} events are recorded, not only counted`);
    if (n <= 0) return;
    this.counts[type] = (this.counts[type] ?? 0) + n;
    this.dropped[type] = (this.dropped[type] ?? 0) + n;
  }

  add(e: TraceEvent): void {
    this.counts[e.type] = (this.counts[e.type] ?? 0) + 1;
    const isMap = 'impl' in e;
    const skip =
      (isMap && this.detail === 'none') ||
      (this.detail === 'structural' && FINE.has(e.type)) ||
      this.events.length >= this.limit;
    if (skip) {
      this.dropped[e.type] = (this.dropped[e.type] ?? 0) + 1;
      return;
    }
    this.events.push(e);
  }
}
