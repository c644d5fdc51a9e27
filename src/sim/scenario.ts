/**
 * The scenario: one schema for every way a workload enters the simulator.
 *
 * The URL parser, the widget attributes, the CLI and the calibration harness all describe a run with the
 * same object, defined field by field in `calibration/FORMAT.md` (version 1). This module is the only place
 * that validates it.
 *
 * Rules:
 *   1. Impossible input is rejected with one message per field, prefixed by its dotted path
 *      (`deleteRatio: 1.7 is out of range (expected 0..1)`). Nothing throws past `parseScenario`.
 *   2. Input that is possible but too big for an in-browser model is clamped to the simulator's limits
 *      (`LIMITS`) and reported as a warning, never silently.
 *   3. Numbers may arrive as strings (URL query, element attributes, CLI flags): `"1e6"` is read as 1e6.
 *      GOGC accepts `"off"` (= -1) and GOMEMLIMIT accepts Go's own syntax (`"512MiB"`, `"off"`).
 *   4. Missing fields take the defaults below (the FORMAT.md example), so a widget can pass `{n: 1e5}`.
 *   5. Unknown fields are ignored with a warning, so a typo (`deleteratio`) does not pass unnoticed.
 *
 * Extensions over FORMAT.md v1:
 *   - `backgroundAlloc`, an optional steady allocation of pointer-free garbage by another goroutine (bytes per
 *     second of simulated time, object size). It drives the pacer between phases.
 *   - `mode` and `tts`, with the calibration harness's names and meaning (FORMAT.md "Extensions"):
 *     `"mode": "tts", "tts": {"op": "make" | "clear" | "idle", "hint", "gcs", "gapMs"}` is the time-to-stop
 *     experiment: a goroutine repeats `make(map[K]V, hint)` (make) or inserts one entry into a hint-sized map
 *     and empties it with the range-delete idiom (clear), while main forces `gcs` GCs `gapMs` apart (run.ts
 *     run rule 10). Absent `mode` (or `"map"`) is the v1 scenario.
 *   - `"mode": "syncmap", "syncmap": {"impl": "syncmap" | "rwmutex", "work": "insert" | "update" | "churn",
 *     "ops", "keys", "writers"}`: the harness's sync.Map workload with its names (FORMAT.md "Extensions";
 *     syncmap/run.ts). `impl` (classic / swiss) picks the Go version family: the read/dirty sync.Map of Go <= 1.23
 *     or the hash-trie of Go >= 1.24, and the map under the RWMutex. Work `"delete"` is the simulator's own, the
 *     book's program: one goroutine Stores `n` keys, then Deletes the oldest deleteRatio of them.
 *   - `greenTea` (boolean, optional): the Go 1.26 collector with (true, its default) or without (false, a
 *     binary built with GOEXPERIMENT=nogreenteagc) Green Tea's span-wise marking. It selects mark costs
 *     measured on each (costs.ts). Only impl swiss stands for Go 1.26; for classic (Go 1.19, before Green
 *     Tea) the field is dropped, with a warning when it asks for Green Tea.
 *     The harness's other modes (rules, micro) measure things the simulator does not model and are rejected.
 */
import { z } from 'zod';

/** Limits of the in-browser model. Values above `max` are clamped with a warning (rule 2). */
export const LIMITS = {
  /** Keys inserted in one run. 1e7 entries is ~1 GB of simulated heap and a few seconds of simulation. */
  n: { min: 0, max: 1e7 },
  hint: { min: 0, max: 1e7 },
  deleteRatio: { min: 0, max: 1 },
  'rebuild.threshold': { min: 0, max: 1 },
  'churn.durationMs': { min: 1, max: 600_000 },
  'churn.insertsPerSec': { min: 1, max: 1e8 },
  'churn.ttlMs': { min: 0, max: 600_000 },
  /** Churn inserts in one run (durationMs × insertsPerSec / 1000); durationMs is shortened to fit. */
  churnInserts: { min: 0, max: 1e7 },
  gogc: { min: -1, max: 1_000_000 },
  gomemlimit: { min: 0, max: 2 ** 50 },
  /** Go's own cap is 1024 (`_MaxGomaxprocs`); the model's per-P bookkeeping is kept small. */
  gomaxprocs: { min: 1, max: 256 },
  forcedGcRuns: { min: 0, max: 50 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
  'backgroundAlloc.bytesPerSec': { min: 0, max: 1e11 },
  'backgroundAlloc.objectBytes': { min: 1, max: 1 << 30 },
  'tts.hint': { min: 0, max: 1e7 },
  /** Each forced GC of a 4e6-hint map is ~10 simulated ms of work for the model; 200 keeps a run near a second. */
  'tts.gcs': { min: 0, max: 200 },
  'tts.gapMs': { min: 0, max: 10_000 },
  /** sync.Map operations in one run (all writers together); the same budget as `n`. */
  'syncmap.ops': { min: 0, max: 1e7 },
  'syncmap.keys': { min: 0, max: 1e7 },
  /** Writer goroutines; the model runs them on one mutator (syncmap/run.ts), so only the interleaving grows. */
  'syncmap.writers': { min: 1, max: 1024 },
} as const;

type LimitPath = keyof typeof LIMITS;

export const IMPLS = ['classic', 'swiss'] as const;
export const KEY_KINDS = ['int64', 'string16'] as const;
export const VALUE_KINDS = ['int64', 'struct64', 'string32', 'ptr64', 'ptr256', 'ptr1024', 'ptrshared'] as const;
export const MODES = ['map', 'tts', 'syncmap'] as const;
export const TTS_OPS = ['make', 'clear', 'idle'] as const;
/** sync.Map mode: what is measured (the harness's names), and the workloads. */
export const SYNCMAP_IMPLS = ['syncmap', 'rwmutex'] as const;
export const SYNCMAP_WORKS = ['insert', 'update', 'churn', 'delete'] as const;
/** Harness modes (calibration/FORMAT.md) the simulator does not run. */
const HARNESS_ONLY_MODES = ['rules', 'micro'];

export type Impl = (typeof IMPLS)[number];
export type KeyKind = (typeof KEY_KINDS)[number];
export type ValueKind = (typeof VALUE_KINDS)[number];
export type Mode = (typeof MODES)[number];
export type TtsOp = (typeof TTS_OPS)[number];
export type SyncMapImpl = (typeof SYNCMAP_IMPLS)[number];
export type SyncMapWork = (typeof SYNCMAP_WORKS)[number];

/** Reads `"1e6"`, `" 42 "` as numbers (rule 3); leaves anything else for the schema to reject. */
function numeric(v: unknown): unknown {
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return Number(v.trim());
  return v;
}

function boolish(v: unknown): unknown {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return v;
}

/** `null`, `"null"`, `"off"`, `"none"`, `""` and `false` switch an optional block off. */
function offToNull(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (v === null || v === false) return null;
  if (typeof v === 'string' && ['', 'null', 'off', 'none', 'false'].includes(v.trim().toLowerCase())) return null;
  return v;
}

const GOMEMLIMIT_UNITS: Record<string, number> = {
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};

/** GOMEMLIMIT syntax of `runtime/debug`: an integer with an optional B/KiB/MiB/GiB/TiB suffix, or "off". */
function memLimit(v: unknown): unknown {
  const off = offToNull(v);
  if (off === null || off === undefined) return off;
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(B|KiB|MiB|GiB|TiB)?\s*$/.exec(v);
  if (!m) return v;
  return Math.round(Number(m[1]) * GOMEMLIMIT_UNITS[m[2] ?? 'B']);
}

function gogc(v: unknown): unknown {
  if (typeof v === 'string' && v.trim().toLowerCase() === 'off') return -1;
  return numeric(v);
}

const num = () => z.preprocess(numeric, z.number());
const int = () => z.preprocess(numeric, z.number().int());
const bool = () => z.preprocess(boolish, z.boolean());

/** The v1 scenario (calibration/FORMAT.md). Ranges are checked after parsing, against `LIMITS`. */
export const ScenarioSchema = z.object({
  version: z.preprocess(numeric, z.literal(1)).default(1),
  impl: z.enum(IMPLS).default('classic'),
  key: z.enum(KEY_KINDS).default('string16'),
  value: z.enum(VALUE_KINDS).default('ptr64'),
  n: int().default(1_000_000),
  hint: int().default(0),
  deleteRatio: num().default(0.9),
  rebuild: z
    .preprocess(
      offToNull,
      z
        .object({
          threshold: num().default(0),
          hint: z.enum(['live', 'half']).default('live'),
        })
        .nullable(),
    )
    .default(null),
  churn: z
    .preprocess(
      offToNull,
      z
        .object({
          durationMs: num().default(3000),
          insertsPerSec: num().default(300_000),
          ttlMs: num().default(333),
          delete: bool().default(true),
        })
        .nullable(),
    )
    .default(null),
  gogc: z.preprocess(gogc, z.number().int()).default(100),
  gomemlimit: z.preprocess(memLimit, z.number().int().nullable()).default(null),
  gomaxprocs: int().default(2),
  forcedGcRuns: int().default(5),
  seed: int().default(1),
  backgroundAlloc: z
    .preprocess(
      offToNull,
      z
        .object({
          bytesPerSec: num(),
          objectBytes: int().default(64),
        })
        .nullable(),
    )
    .default(null),
  /** Absent = the Go version's default (Green Tea on in Go 1.26); stays absent unless given. */
  greenTea: bool().optional(),
  /** Absent = "map" (FORMAT.md v1). Both stay absent unless given, so v1 scenarios are unchanged. */
  mode: z.enum(MODES).optional(),
  tts: z
    .preprocess(
      offToNull,
      z
        .object({
          op: z.enum(TTS_OPS).default('make'),
          hint: int().default(4_000_000),
          gcs: int().default(20),
          gapMs: num().default(10),
        })
        .nullable(),
    )
    .optional(),
  syncmap: z
    .preprocess(
      offToNull,
      z
        .object({
          impl: z.enum(SYNCMAP_IMPLS).default('syncmap'),
          work: z.enum(SYNCMAP_WORKS).default('insert'),
          ops: int().default(1_000_000),
          keys: int().default(100_000),
          writers: int().default(2),
        })
        .nullable(),
    )
    .optional(),
});

export type Scenario = z.output<typeof ScenarioSchema>;

/**
 * Fields that change when the collector runs and what it costs, never what the program does to its map:
 * the same scenario with other values makes the same map operations in the same order (run.ts Tapes, the
 * lab's occupancy replay).
 */
export const GC_SETTINGS = ['gogc', 'gomemlimit', 'gomaxprocs', 'greenTea', 'forcedGcRuns', 'backgroundAlloc'] as const;

/** The scenario without its GC settings (GC_SETTINGS): what fixes its map operations. */
export function withoutGcSettings(s: Scenario): Omit<Scenario, (typeof GC_SETTINGS)[number]> {
  const out: Record<string, unknown> = { ...s };
  for (const k of GC_SETTINGS) delete out[k];
  return out as Omit<Scenario, (typeof GC_SETTINGS)[number]>;
}
/** What callers may pass: any subset, numbers possibly as strings. */
export type ScenarioInput = z.input<typeof ScenarioSchema> | Record<string, unknown>;

export type ParseResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  | { ok: false; errors: string[] };

const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': Object.keys(ScenarioSchema.shape),
  rebuild: ['threshold', 'hint'],
  churn: ['durationMs', 'insertsPerSec', 'ttlMs', 'delete'],
  backgroundAlloc: ['bytesPerSec', 'objectBytes'],
  tts: ['op', 'hint', 'gcs', 'gapMs'],
  syncmap: ['impl', 'work', 'ops', 'keys', 'writers'],
};

/** A value as a reader typed it: strings quoted, objects as JSON, long text shortened. */
function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v === undefined) s = 'nothing';
  else if (typeof v === 'number' || typeof v === 'boolean' || v === null) s = String(v);
  else s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text ${show(v)}`;
  return `${typeof v} ${show(v)}`;
}

function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || 'scenario';
}

/** One friendly line per zod issue (rule 1). */
function describe(issue: z.core.$ZodIssue, input: unknown): string {
  const path = dotted(issue.path);
  const got = at(input, issue.path);
  switch (issue.code) {
    case 'invalid_value':
      if (path === 'version') return `version: ${show(got)} is not supported (expected 1)`;
      return `${path}: ${show(got)} is not one of ${issue.values.map((x) => show(x)).join(', ')}`;
    case 'invalid_type': {
      if (issue.expected === 'int') return `${path}: ${show(got)} is not a whole number`;
      if (got === undefined) return `${path}: missing (expected ${issue.expected})`;
      const expected = issue.expected === 'object' ? 'an object or null' : `a ${issue.expected}`;
      return `${path}: expected ${expected}, got ${typeName(got)}`;
    }
    default:
      return `${path}: ${issue.message}`;
  }
}

function unknownFieldWarnings(input: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  for (const [prefix, known] of Object.entries(KNOWN_FIELDS)) {
    const obj = prefix === '' ? input : input[prefix];
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) continue;
    for (const k of Object.keys(obj)) {
      if (!known.includes(k)) warnings.push(`${prefix ? `${prefix}.` : ''}${k}: unknown field, ignored`);
    }
  }
  return warnings;
}

/** Range checks (rule 1) and clamps (rule 2) on a structurally valid scenario. */
function checkRanges(s: Scenario, errors: string[], warnings: string[]): Scenario {
  const out: Scenario = structuredClone(s);
  const range = (p: LimitPath) => `${LIMITS[p].min}..${LIMITS[p].max}`;
  const below = (p: LimitPath, v: number, hardMax: boolean) => {
    if (v < LIMITS[p].min || (hardMax && v > LIMITS[p].max)) {
      errors.push(`${p}: ${v} is out of range (expected ${range(p)})`);
      return true;
    }
    return false;
  };
  const clamp = (p: LimitPath, v: number, why = 'the simulator limit'): number => {
    if (below(p, v, false)) return v;
    if (v > LIMITS[p].max) {
      warnings.push(`${p}: ${v} is above ${why} of ${LIMITS[p].max}; using ${LIMITS[p].max}`);
      return LIMITS[p].max;
    }
    return v;
  };

  if (s.greenTea !== undefined && s.impl === 'classic') {
    if (s.greenTea) warnings.push('greenTea: the classic map stands for Go 1.19, which has no Green Tea collector (Go 1.25 experiment, 1.26 default); ignored');
    delete out.greenTea;
  }
  out.n = clamp('n', s.n);
  out.hint = clamp('hint', s.hint);
  below('deleteRatio', s.deleteRatio, true);
  if (s.gogc < -1) errors.push(`gogc: ${s.gogc} is out of range (expected -1 for off, or 0 and above)`);
  else out.gogc = clamp('gogc', s.gogc);
  if (s.gomemlimit !== null) out.gomemlimit = clamp('gomemlimit', s.gomemlimit);
  out.gomaxprocs = clamp('gomaxprocs', s.gomaxprocs);
  out.forcedGcRuns = clamp('forcedGcRuns', s.forcedGcRuns);
  out.seed = clamp('seed', s.seed);
  if (s.rebuild) below('rebuild.threshold', s.rebuild.threshold, true);
  if (s.churn && out.churn) {
    out.churn.durationMs = clamp('churn.durationMs', s.churn.durationMs);
    out.churn.insertsPerSec = clamp('churn.insertsPerSec', s.churn.insertsPerSec);
    out.churn.ttlMs = clamp('churn.ttlMs', s.churn.ttlMs);
    const inserts = (out.churn.durationMs * out.churn.insertsPerSec) / 1000;
    if (inserts > LIMITS.churnInserts.max) {
      const ms = Math.floor((LIMITS.churnInserts.max * 1000) / out.churn.insertsPerSec);
      warnings.push(
        `churn.durationMs: ${out.churn.durationMs} ms at ${out.churn.insertsPerSec} inserts/s is ${inserts} inserts, ` +
          `above the simulator limit of ${LIMITS.churnInserts.max}; using ${ms} ms`,
      );
      out.churn.durationMs = ms;
    }
  }
  if (s.backgroundAlloc && out.backgroundAlloc) {
    out.backgroundAlloc.bytesPerSec = clamp('backgroundAlloc.bytesPerSec', s.backgroundAlloc.bytesPerSec);
    out.backgroundAlloc.objectBytes = clamp('backgroundAlloc.objectBytes', s.backgroundAlloc.objectBytes);
  }
  if (s.tts && out.tts) {
    out.tts.hint = clamp('tts.hint', s.tts.hint);
    out.tts.gcs = clamp('tts.gcs', s.tts.gcs);
    out.tts.gapMs = clamp('tts.gapMs', s.tts.gapMs);
  }
  if (s.syncmap && out.syncmap) {
    out.syncmap.ops = clamp('syncmap.ops', s.syncmap.ops);
    out.syncmap.keys = clamp('syncmap.keys', s.syncmap.keys);
    if (s.syncmap.writers < LIMITS['syncmap.writers'].min) {
      errors.push(`syncmap.writers: ${s.syncmap.writers} is out of range (expected at least 1 writer goroutine)`);
    } else out.syncmap.writers = clamp('syncmap.writers', s.syncmap.writers);
    const w = out.syncmap;
    if (w.work === 'update' && w.keys < 1) {
      errors.push(`syncmap.keys: work "update" stores over preloaded keys and needs at least 1 (got ${w.keys})`);
    }
    if ((w.work === 'insert' || w.work === 'update' || w.work === 'churn') && w.ops < w.writers) {
      warnings.push(`syncmap.ops: ${w.ops} operations over ${w.writers} writers is ${Math.floor(w.ops / w.writers)} each (the harness divides them evenly)`);
    }
  }
  return out;
}

/** Mode rules: a harness-only mode is refused; tts takes its defaults when the block is missing. */
function checkMode(raw: Record<string, unknown>, s: Scenario, warnings: string[]): void {
  if (s.mode === 'tts') {
    if (!s.tts) s.tts = ttsDefaults();
    for (const f of ['churn', 'rebuild'] as const) {
      if (raw[f] !== undefined && offToNull(raw[f]) !== null) warnings.push(`${f}: not used in a tts scenario (mode "tts" runs only the tts block)`);
    }
    if (raw.deleteRatio !== undefined && numeric(raw.deleteRatio) !== 0) {
      warnings.push('deleteRatio: not used in a tts scenario (mode "tts" runs only the tts block)');
    }
  } else if (s.tts) {
    warnings.push('tts: used only with mode "tts"; ignored');
  }
  if (s.mode === 'syncmap') {
    if (!s.syncmap) s.syncmap = syncmapDefaults();
    for (const f of ['churn', 'rebuild', 'tts'] as const) {
      if (raw[f] !== undefined && offToNull(raw[f]) !== null) warnings.push(`${f}: not used in a syncmap scenario (mode "syncmap" runs only the syncmap block)`);
    }
    if (s.syncmap.work !== 'delete') {
      for (const f of ['n', 'deleteRatio', 'hint'] as const) {
        if (raw[f] !== undefined && numeric(raw[f]) !== 0) {
          warnings.push(`${f}: used by syncmap work "delete" only; work "${s.syncmap.work}" takes syncmap.ops and syncmap.keys`);
        }
      }
    } else {
      const sm = raw.syncmap as Record<string, unknown> | undefined;
      for (const f of ['ops', 'keys', 'writers'] as const) {
        if (sm && typeof sm === 'object' && sm[f] !== undefined) warnings.push(`syncmap.${f}: not used by work "delete" (one goroutine stores n keys, then deletes deleteRatio of them)`);
      }
    }
    if ((raw.key !== undefined && raw.key !== 'string16') || (raw.value !== undefined && raw.value !== 'ptr64')) {
      warnings.push('key, value: mode "syncmap" always stores 16-byte string keys and pointers to 64-byte structs, as the harness does');
    }
  } else if (s.syncmap) {
    warnings.push('syncmap: used only with mode "syncmap"; ignored');
  }
}

function syncmapDefaults(): NonNullable<Scenario['syncmap']> {
  return { impl: 'syncmap', work: 'insert', ops: 1_000_000, keys: 100_000, writers: 2 };
}

function ttsDefaults(): NonNullable<Scenario['tts']> {
  return { op: 'make', hint: 4_000_000, gcs: 20, gapMs: 10 };
}

/**
 * Validates and normalises a scenario from any source. Accepts an object or a JSON string.
 * Never throws (rule 1).
 */
export function parseScenario(input: unknown): ParseResult {
  try {
    let raw = input;
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch (e) {
        return { ok: false, errors: [`scenario: not valid JSON (${(e as Error).message})`] };
      }
    }
    if (raw === undefined || raw === null) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      return { ok: false, errors: [`scenario: expected an object, got ${typeName(raw)}`] };
    }
    const mode = (raw as Record<string, unknown>).mode;
    if (typeof mode === 'string' && HARNESS_ONLY_MODES.includes(mode)) {
      return {
        ok: false,
        errors: [`mode: "${mode}" is a calibration harness mode the simulator does not run (expected "map", "tts" or "syncmap")`],
      };
    }
    const parsed = ScenarioSchema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, errors: parsed.error.issues.map((i) => describe(i, raw)) };
    }
    const errors: string[] = [];
    const warnings = unknownFieldWarnings(raw as Record<string, unknown>);
    const scenario = checkRanges(parsed.data, errors, warnings);
    const given = raw as Record<string, unknown>;
    checkMode(given, scenario, warnings);
    if (scenario.churn) {
      for (const f of ['deleteRatio', 'rebuild'] as const) {
        if (given[f] !== undefined && offToNull(given[f]) !== null) {
          warnings.push(`${f}: not used in a churn scenario (churn replaces the delete, gc and rebuild phases)`);
        }
      }
    }
    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, scenario, warnings };
  } catch (e) {
    return { ok: false, errors: [`scenario: could not be read (${(e as Error).message})`] };
  }
}

/** The defaults (rule 4), as a complete scenario. */
export function defaultScenario(): Scenario {
  return ScenarioSchema.parse({});
}

/** One line per field for `--help` and docs: name, accepted values, default, meaning. */
export const FIELD_DOCS: ReadonlyArray<readonly [field: string, accepted: string, meaning: string]> = [
  ['version', '1', 'format version (calibration/FORMAT.md)'],
  ['impl', IMPLS.join(' | '), 'classic = Go <= 1.23 buckets (costs of go1.19); swiss = Go >= 1.24 tables (costs of go1.26)'],
  ['key', KEY_KINDS.join(' | '), 'string16 = 16-byte strings, each freshly allocated'],
  [
    'value',
    VALUE_KINDS.join(' | '),
    'struct64 = inline 64 B without pointers; string32 = 32-byte strings; ptrN = pointer to a pointer-free N-byte struct; ptrshared = all values point to one 64 B object',
  ],
  ['n', `integer ${LIMITS.n.min}..${LIMITS.n.max}`, 'keys inserted in the insert phase'],
  ['hint', `integer ${LIMITS.hint.min}..${LIMITS.hint.max}`, 'make(map, hint)'],
  ['deleteRatio', '0..1', 'fraction of keys deleted after the inserts, oldest first'],
  [
    'rebuild',
    'null | {threshold: 0..1, hint: live | half}',
    'after the deletes and the forced GC, copy the survivors into make(map, h) when deleted >= threshold * peak; live = survivors, half = len/2',
  ],
  [
    'churn',
    'null | {durationMs, insertsPerSec, ttlMs, delete: boolean}',
    'steady inserts with a TTL instead of delete/gc/rebuild; delete=false keeps expired entries',
  ],
  ['gogc', 'integer >= 0, or -1 / "off"', 'GOGC'],
  ['gomemlimit', 'bytes, "512MiB"-style, or null / "off"', 'GOMEMLIMIT'],
  ['gomaxprocs', `integer ${LIMITS.gomaxprocs.min}..${LIMITS.gomaxprocs.max}`, 'GOMAXPROCS'],
  ['forcedGcRuns', `integer ${LIMITS.forcedGcRuns.min}..${LIMITS.forcedGcRuns.max}`, 'timed runtime.GC() calls after insert, gc and rebuild_gc'],
  ['seed', 'integer >= 0', 'seed of the map hash and every random choice'],
  [
    'backgroundAlloc',
    'null | {bytesPerSec, objectBytes}',
    'extension: another goroutine allocating pointer-free garbage at this rate (simulated time)',
  ],
  [
    'mode',
    `${MODES.join(' | ')} (absent = map)`,
    'extension (harness names): tts = the time-to-stop experiment of the tts block; syncmap = the sync.Map workload of the syncmap block',
  ],
  [
    'tts',
    `null | {op: ${TTS_OPS.join(' | ')}, hint, gcs: ${LIMITS['tts.gcs'].min}..${LIMITS['tts.gcs'].max}, gapMs}`,
    'mode tts: a goroutine repeats make(map, hint) or insert+clear of a hint-sized map (idle: none) while main forces gcs GCs gapMs apart',
  ],
  [
    'syncmap',
    `null | {impl: ${SYNCMAP_IMPLS.join(' | ')}, work: ${SYNCMAP_WORKS.join(' | ')}, ops, keys, writers}`,
    'mode syncmap: writers goroutines do ops Stores of string keys with new *T64 values into a sync.Map or a map+RWMutex (insert: new keys; update: over keys preloaded keys; churn: each writer keeps keys/writers live, deleting the oldest); work delete (simulator only): n Stores then deleteRatio·n Deletes on one goroutine',
  ],
];
