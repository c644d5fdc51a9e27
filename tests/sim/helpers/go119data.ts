/**
 * Reads the Go 1.19.8 reference measurements (calibration/reference/go1.19-shared, measured on the real
 * runtime; see its README) for comparison tests.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../../../calibration/reference/go1.19-shared/results_agg_open.jsonl.gz', import.meta.url));

export interface Agg {
  median: number;
  min: number;
  max: number;
  n: number;
}

export interface RulesHint {
  hint: number;
  B: number;
  expected_B: number;
  bucket_array_slots: number;
  bytes_measured: number;
  bytes_rule: number;
  ok: boolean;
}

export interface RulesCase {
  key: string;
  val: string;
  type: {
    key_slot: number;
    elem_slot: number;
    bucket_size: number;
    bucket_ptrdata: number;
    indirect_key: boolean;
    indirect_elem: boolean;
    bucket_scanned: boolean;
  };
  hints: RulesHint[];
  grow?: { count: number; new_B: number; same_size_grow: boolean }[];
}

export interface AggCase {
  case_id: string;
  group: string;
  params: Record<string, unknown>;
  metrics?: Record<string, Agg>;
  rules?: RulesCase[];
}

let cache: AggCase[] | null = null;

export function loadAgg(): AggCase[] {
  if (cache === null) {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    cache = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as AggCase);
  }
  return cache;
}

/** The harness spells the 32-byte string value `string`; our type names say `string32`. */
export function typeId(name: string): string {
  return name === 'string' ? 'string32' : name;
}
