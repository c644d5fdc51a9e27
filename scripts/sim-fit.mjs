/**
 * The mark-cost fit shared by scripts/sim-derive-go119.mjs (shared Go 1.19.8 set) and
 * scripts/sim-derive-markmodel.mjs (the calibration harness's data sets).
 *
 *   markCpu = F + scanBytes·a + pointers·b + objects·(c0 + c1·miss(ws, C1) + c2·miss(ws, C2))
 *
 * Rows: {y (mark CPU ns), scanBytes, pointers, objects, ws, procs, clock (mark wall ns)}. C1, C2 by grid
 * search, the rest by non-negative least squares, iteratively reweighted towards relative error.
 */

/** Bytes of span metadata one marked span costs the cache: an mspan struct is ~160 B (runtime/mheap.go). */
export const SPAN_META_BYTES = 160;

/** Objects (sizes in bytes) one entry owns, and its non-nil pointers (types of calibration/FORMAT.md). */
const OWNED_KEY = { int64: [], string16: [16] };
const OWNED_VAL = { int64: [], struct64: [], string: [32], string32: [32], ptr64: [64], ptr256: [256], ptr1024: [1024], ptrshared: [] };
const PTR_KEY = { int64: 0, string16: 1 };
const PTR_VAL = { int64: 0, struct64: 0, string: 1, string32: 1, ptr64: 1, ptr256: 1, ptr1024: 1, ptrshared: 1 };

/** True when the map's storage (buckets or groups) has pointers, so the GC reads all of it. */
export const storageScanned = (key, value) => key === 'string16' || !['int64', 'struct64'].includes(value);

/** Fit features of a live map of `entries` entries whose storage is `mapBytes` bytes. */
export function features(key, value, entries, mapBytes) {
  const owned = [...OWNED_KEY[key], ...OWNED_VAL[value]];
  let spans = 1;
  for (const s of owned) spans += Math.ceil(entries / (8192 / s));
  return {
    scanBytes: storageScanned(key, value) ? mapBytes : 0,
    pointers: entries * (PTR_KEY[key] + PTR_VAL[value]),
    objects: entries * owned.length,
    ws: spans * SPAN_META_BYTES,
    spans,
  };
}

export const median = (xs) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function solve(A, b) {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(M[k][i]) > Math.abs(M[p][i])) p = k;
    [M[i], M[p]] = [M[p], M[i]];
    if (Math.abs(M[i][i]) < 1e-300) return null;
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const f = M[k][i] / M[i][i];
      for (let j = i; j <= n; j++) M[k][j] -= f * M[i][j];
    }
  }
  return M.map((r, i) => r[n] / r[i]);
}

/** Least squares of X·β ≈ y weighted by 1/w², with β ≥ 0 (active set: drop negative terms and refit). */
function nnls(X, y, w = y) {
  const p = X[0].length;
  let active = [...Array(p).keys()];
  for (;;) {
    const A = active.map(() => active.map(() => 0));
    const b = active.map(() => 0);
    X.forEach((x, r) => {
      const wr = 1 / (w[r] * w[r]);
      active.forEach((i, ii) => {
        b[ii] += wr * x[i] * y[r];
        active.forEach((j, jj) => (A[ii][jj] += wr * x[i] * x[j]));
      });
    });
    const s = solve(A, b);
    const beta = Array(p).fill(0);
    if (!s) return beta;
    active.forEach((i, ii) => (beta[i] = s[ii]));
    const neg = active.filter((i) => beta[i] < 0);
    if (neg.length === 0) return beta;
    const worst = neg.reduce((a, i) => (beta[i] < beta[a] ? i : a), neg[0]);
    active = active.filter((i) => i !== worst);
  }
}

const miss = (ws, C) => Math.max(0, 1 - C / ws);
const design = (r, C1, C2) => [1, r.scanBytes, r.pointers, r.objects, r.objects * miss(r.ws, C1), r.objects * miss(r.ws, C2)];
const predictWith = (beta, r, C1, C2) => design(r, C1, C2).reduce((s, x, i) => s + x * beta[i], 0);

/**
 * Fits the mark model on rows with measurable work (y ≥ 0.15 ms: below, fixed cost and host noise).
 * Returns the coefficients, the fit quality and `sim` block fields.
 */
export function fitMarkModel(rows) {
  const fitRows = rows.filter((r) => r.y >= 0.15e6);
  let best = null;
  for (const C1 of [64, 128, 256, 384, 512, 768, 1024, 1536, 2048].map((k) => k << 10)) {
    for (const C2 of [1, 1.5, 2, 3, 4, 8, 16, 32, 64].map((m) => m * 2 ** 20)) {
      if (C2 <= C1) continue;
      const X = fitRows.map((r) => design(r, C1, C2));
      const y = fitRows.map((r) => r.y);
      let beta = nnls(X, y);
      // Iteratively reweighted: weights 1/prediction² approach a fit of log(prediction / y).
      for (let it = 0; it < 8; it++) beta = nnls(X, y, fitRows.map((r) => Math.max(predictWith(beta, r, C1, C2), r.y / 4)));
      const err = fitRows.map((r) => Math.log(predictWith(beta, r, C1, C2) / r.y) ** 2).reduce((a, b) => a + b, 0);
      if (!best || err < best.err) best = { C1, C2, beta, err };
    }
  }
  const [F, a, b, c0, c1, c2] = best.beta;
  const ratio = (r) => predictWith(best.beta, r, best.C1, best.C2) / r.y;
  const within = (k) => fitRows.filter((r) => ratio(r) <= k && ratio(r) >= 1 / k).length / fitRows.length;
  // Single-P runs need less mark CPU for the same heap than two workers marking in parallel.
  const p1 = fitRows.filter((r) => r.procs === 1);
  const markUtil = (procs) => median(rows.filter((r) => r.procs === procs && r.clock > 5e6).map((r) => r.y / (r.clock * procs)));
  const sig = (v) => Number(v.toPrecision(4));
  return {
    rows: fitRows,
    ratio,
    C1: best.C1,
    C2: best.C2,
    F,
    a,
    b,
    c0,
    c1,
    c2,
    within1_5: within(1.5),
    within2: within(2),
    sim: {
      markModel: {
        fixedNs: Math.round(F),
        scanBytesPerNs: sig(1 / a),
        nsPerPointer: sig(b),
        nsPerObject: sig(c0),
        rows: fitRows.length,
        within1_5x: Number(within(1.5).toFixed(3)),
      },
      markObjectCache: {
        spanMetaBytes: SPAN_META_BYTES,
        levels: [
          { capacityBytes: best.C1, missNs: sig(c1) },
          { capacityBytes: best.C2, missNs: sig(c2) },
        ],
      },
      ...(p1.length >= 3 ? { markCpuFactorOneProc: Number(median(p1.map((r) => 1 / ratio(r))).toFixed(3)) } : {}),
      markUtilizationByProcs: Object.fromEntries(
        [1, 2].filter((p) => rows.some((r) => r.procs === p && r.clock > 5e6)).map((p) => [p, Number(markUtil(p).toFixed(3))]),
      ),
    },
  };
}

export function describeFit(f) {
  return (
    `mark fit: C1=${f.C1 >> 10} KiB C2=${(f.C2 / 2 ** 20).toFixed(1)} MiB F=${f.F.toFixed(0)} ns, scan ${(1 / f.a).toFixed(2)} B/ns, ` +
    `${f.b.toFixed(2)} ns/ptr, objects ${f.c0.toFixed(1)} + ${f.c1.toFixed(1)}·miss1 + ${f.c2.toFixed(1)}·miss2 ns; ` +
    `${f.rows.length} rows, within 1.5x: ${(100 * f.within1_5).toFixed(0)} %, within 2x: ${(100 * f.within2).toFixed(0)} %`
  );
}
