/**
 * The mutator's CPU time per sync.Map operation, from the harness's syncmap runs (scripts/sim-derive-syncmap.mjs
 * writes src/sim/costs.go1.XX.syncmap.json; the script's header says how GC CPU is taken out). Everything else a
 * run needs (GC costs, pauses, baseline heap) comes from costs.ts as for any other scenario.
 */
import go119 from '../costs.go1.19.syncmap.json';
import go126 from '../costs.go1.26.syncmap.json';
import type { Stat } from '../costs';
import type { Impl, SyncMapImpl, SyncMapWork } from '../scenario';

interface SyncMapCostFile {
  goVersion: string;
  source: string;
  derivedBy: string;
  syncmap: { mutatorNsPerOp: Record<string, Stat>; deleteNs: Record<string, Stat> };
}

const FILES: Record<Impl, SyncMapCostFile> = { classic: go119 as SyncMapCostFile, swiss: go126 as SyncMapCostFile };

export interface SyncMapCosts {
  /** CPU per harness operation (churn: one Store and, once the window is full, one Delete). */
  opNs: number;
  /** Work "delete": CPU per Store (the insert runs) and per Delete (churn minus update, an upper bound). */
  storeNs: number;
  deleteNs: number;
  source: string;
  warnings: string[];
}

/**
 * Costs of one run. GOMAXPROCS above 2 takes the 2-P figures (the machine had 2 cores); a case the file lacks
 * takes the nearest GOMAXPROCS, then says so.
 */
export function syncMapCosts(impl: Impl, what: SyncMapImpl, work: SyncMapWork, procs: number): SyncMapCosts {
  const f = FILES[impl];
  const warnings: string[] = [];
  const p = Math.min(Math.max(procs, 1), 2);
  const get = (table: Record<string, Stat>, key: (q: number) => string, label: string): number => {
    for (const q of [p, 3 - p]) {
      const s = table[key(q)];
      if (s) {
        if (q !== p) warnings.push(`syncmap costs: ${label} not measured with GOMAXPROCS=${p}; using GOMAXPROCS=${q}`);
        return s.median;
      }
    }
    throw new Error(`syncmap costs: ${label} missing in ${f.derivedBy} output for ${f.goVersion}`);
  };
  const t = f.syncmap;
  const storeNs = get(t.mutatorNsPerOp, (q) => `${what}/insert/${q}`, `${what}/insert`);
  const deleteNs = get(t.deleteNs, (q) => `${what}/${q}`, `${what} delete`);
  const opNs = work === 'delete' ? storeNs : get(t.mutatorNsPerOp, (q) => `${what}/${work}/${q}`, `${what}/${work}`);
  return { opNs, storeNs, deleteNs, source: `${f.source} (${f.derivedBy})`, warnings };
}
