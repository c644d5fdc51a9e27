/**
 * Named scenarios: the report's case study and the other figures the book refers to. Presets are data
 * (STYLE.md 17): partial scenarios that `parseScenario` completes with its defaults, plus, for comparisons,
 * scenario B as a patch over A.
 *
 * Where a preset's numbers come from:
 *   - case-*: the calibration churn workload (calibration/go1.19 README, "Churn"): `map[string]*[1024]byte`
 *     sessions inserted at 300 000/s with a TTL of 1/3 s, about 100 000 live, for 3 s. "before" keeps
 *     expired sessions in the map, as the report's service did; "after" deletes them.
 *   - rebuild-*: the report's fix code (rebuild when deleted > 30 %, into make(map, len/2)) against a hint of
 *     the survivor count, after inserting 10^6 keys and deleting 90 %.
 *   - syncmap-vs-mutex: the book's program of chapter 2.5 (sim mode syncmap, work "delete", syncmap/run.ts rule 4):
 *     500 000 string keys with pointer values stored into a locked map (A) and a sync.Map (B) by one goroutine,
 *     then 90 % deleted; the same sizes as the measured table there. A is the harness's map + sync.RWMutex (the
 *     only locked map the simulator models; the book's program uses a sync.Mutex, and the chapter's caption says
 *     what that changes). Work "delete" does not use syncmap.writers: the resolved scenario's writers: 2 is the
 *     schema default, and the run has one goroutine.
 *   - tts-spike: the harness's time-to-stop experiment (calibration/FORMAT.md mode "tts"): one goroutine
 *     clears a huge pointerful map in a loop while main forces GCs; on Go 1.19 each stop-the-world waits for
 *     the clear in progress (go-map-gc-facts §3.2; docs/simulator.md, time-to-stop rules).
 */
import type { RawScenario } from './state/flat';
import type { Locale } from './i18n';

export const VIEW_IDS = ['heap', 'pauses', 'occupancy', 'compare'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export interface Preset {
  label: Record<Locale, string>;
  scenario: RawScenario;
  /** Scenario B as a patch over A; present for presets that compare two runs. */
  compare?: RawScenario;
  views?: ViewId[];
}

const churn = { durationMs: 3000, insertsPerSec: 300_000, ttlMs: 333 };

/** What a control switches on: the calibration churn workload, and the report's rebuild threshold. */
export const CHURN_DEFAULTS = { ...churn, delete: true };
export const REBUILD_DEFAULTS = { threshold: 0.3, hint: 'live' as 'live' | 'half' };
const sessions: RawScenario = { impl: 'classic', key: 'string16', value: 'ptr1024', gogc: 100, gomaxprocs: 2 };

export const PRESETS = {
  default: {
    label: { en: 'Insert 10^6, delete 90 %', 'zh-CN': '插入 10^6 个，删除 90%' },
    scenario: {},
  },
  'case-before': {
    label: { en: 'Case study: before the fix', 'zh-CN': '案例：修复前' },
    scenario: { ...sessions, churn: { ...churn, delete: false } },
    views: ['heap', 'pauses'],
  },
  'case-after': {
    label: { en: 'Case study: after the fix', 'zh-CN': '案例：修复后' },
    scenario: { ...sessions, churn: { ...churn, delete: true } },
    views: ['heap', 'pauses'],
  },
  'case-fix': {
    label: { en: 'Case study: before vs after', 'zh-CN': '案例：修复前后对比' },
    scenario: { ...sessions, churn: { ...churn, delete: false } },
    compare: { churn: { delete: true } },
    views: ['compare', 'heap', 'pauses'],
  },
  'rebuild-report': {
    label: { en: 'Rebuild into len/2 vs survivors', 'zh-CN': '按 len/2 重建 vs 按存活数重建' },
    scenario: { n: 1_000_000, deleteRatio: 0.9, rebuild: { threshold: 0.3, hint: 'half' } },
    compare: { rebuild: { hint: 'live' } },
    views: ['compare', 'heap', 'occupancy'],
  },
  'tts-spike': {
    label: { en: 'Time to stop: clearing a huge pointerful map in a loop', 'zh-CN': '等待停止：循环清空一个巨大的含指针 map' },
    // The harness's time-to-stop experiment (calibration/FORMAT.md mode "tts", sim run rule 10): one goroutine
    // clears a map[string]*T made with hint 4e6 (232 MB of buckets) again and again, main forces 20 GCs.
    scenario: {
      impl: 'classic',
      key: 'string16',
      value: 'ptr64',
      gomaxprocs: 2,
      mode: 'tts',
      tts: { op: 'clear', hint: 4_000_000, gcs: 20, gapMs: 10 },
    },
    views: ['pauses', 'heap'],
  },
  'syncmap-vs-mutex': {
    label: { en: 'map + RWMutex vs sync.Map', 'zh-CN': 'map + 读写锁 vs sync.Map' },
    // Mode syncmap, work "delete" (the book's program): n Stores, then deleteRatio of the keys deleted, one goroutine.
    scenario: {
      impl: 'classic',
      n: 500_000,
      deleteRatio: 0.9,
      gomaxprocs: 2,
      mode: 'syncmap',
      syncmap: { impl: 'rwmutex', work: 'delete' },
    },
    compare: { syncmap: { impl: 'syncmap' } },
    views: ['compare', 'heap', 'pauses'],
  },
  'classic-vs-swiss': {
    label: { en: 'Classic vs Swiss', 'zh-CN': '经典 vs Swiss' },
    scenario: { impl: 'classic', n: 1_000_000, deleteRatio: 0.9 },
    compare: { impl: 'swiss' },
    views: ['compare', 'heap', 'occupancy'],
  },
  'pointer-vs-flat': {
    label: { en: 'Pointer values vs pointer-free', 'zh-CN': '指针值 vs 无指针值' },
    scenario: { key: 'int64', value: 'ptr64', n: 1_000_000, deleteRatio: 0.9 },
    compare: { value: 'int64' },
    views: ['compare', 'pauses', 'heap'],
  },
} satisfies Record<string, Preset>;

export type PresetId = keyof typeof PRESETS;
export const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

export function isPresetId(s: unknown): s is PresetId {
  return typeof s === 'string' && Object.hasOwn(PRESETS, s);
}

export function getPreset(id: PresetId): Preset {
  return PRESETS[id];
}
