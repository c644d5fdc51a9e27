package main

// Agreement of our Go 1.19 data with the shared reference set
// (reference/go1.19-shared/results_agg_open.jsonl.gz: per case median/min/max
// over 3 repetitions of ~100 metrics).
//
// Cases are matched on key, value ("string" there = "string32" here), N,
// hint (0 / N), delete ratio, GOGC and GOMAXPROCS. Metrics:
//   - deterministic sizes (must agree exactly): B after insert / GC / rebuild,
//     bucket-array bytes, and map bytes without malloc'ed overflow buckets and
//     without the noscan overflow list (the shared set's map_struct_bytes
//     counts hmap + array + mapextra + malloc'ed overflow; the list is ours);
//   - map bytes with malloc'ed overflow, overflow buckets, tombstones: random
//     (the runtime's hash seed), compared as the relative gap of medians and
//     whether our median lies in their [min, max];
//   - heap objects after GC (live): one object per string key and pointer or
//     string value, so they must agree within a few runtime objects;
//   - times (insert wall, timed runtime.GC() after insert / delete+GC /
//     rebuild, mark CPU of those GCs): the ratio of medians, and whether our
//     [min, max] overlaps theirs. Their README documents the noise: 3
//     repetitions under 0.34 (median) to 1.5 (max) foreign cores, ~4 ms steps
//     in small-heap runtime.GC() wall times, mark CPU inflated by
//     descheduled workers; so "agrees" for a time means overlapping ranges.

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
	"gomapgclab/calibration/internal/stats"
)

type mmm struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	N      int     `json:"n"`
}

type refCase struct {
	CaseID string `json:"case_id"`
	Group  string `json:"group"`
	Params struct {
		Key   string  `json:"key"`
		Val   string  `json:"val"`
		N     int     `json:"n"`
		Hint  bool    `json:"hint"`
		R     float64 `json:"r"`
		Gogc  int     `json:"gogc"`
		Procs int     `json:"gomaxprocs"`
	} `json:"params"`
	Metrics map[string]mmm `json:"metrics"`
}

// gzLines calls fn with every line of a gzipped JSONL file.
func gzLines(path string, fn func(line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if err := fn(sc.Bytes()); err != nil {
			return err
		}
	}
	return sc.Err()
}

func loadRef(dir string) ([]refCase, error) {
	var out []refCase
	err := gzLines(filepath.Join(dir, "results_agg_open.jsonl.gz"), func(line []byte) error {
		var c refCase
		if err := json.Unmarshal(line, &c); err != nil {
			return err
		}
		if c.Group == "grid" || c.Group == "gcparams" || c.Group == "diag" {
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// loadRefBaseline: per case, the median HeapObjects of the raw runs' "start"
// snapshot (taken after the first GC, before make).
// refRaw holds what the aggregate file lacks, from the raw runs: per case
// the median HeapObjects of the "start" snapshot (after the first GC, before
// make), and the mallocs and bytes allocated during the insert phase.
type refRaw struct {
	startObjects, insertMallocs, insertBytes mmm
}

func loadRefBaseline(dir string) (map[string]refRaw, error) {
	type acc struct{ objs, mallocs, bytes []float64 }
	per := map[string]*acc{}
	err := gzLines(filepath.Join(dir, "results_open.jsonl.gz"), func(line []byte) error {
		type mem struct {
			HeapObjects float64 `json:"heap_objects"`
			Mallocs     float64 `json:"mallocs"`
			TotalAlloc  float64 `json:"total_alloc"`
		}
		var raw struct {
			CaseID string `json:"case_id"`
			Result struct {
				Phases []struct {
					Name string `json:"name"`
					Mem  mem    `json:"mem"`
				} `json:"phases"`
			} `json:"result"`
		}
		if err := json.Unmarshal(line, &raw); err != nil {
			return err
		}
		var start, insert *mem
		for i, p := range raw.Result.Phases {
			switch p.Name {
			case "start":
				start = &raw.Result.Phases[i].Mem
			case "insert":
				insert = &raw.Result.Phases[i].Mem
			}
		}
		if start == nil {
			return nil
		}
		a := per[raw.CaseID]
		if a == nil {
			a = &acc{}
			per[raw.CaseID] = a
		}
		a.objs = append(a.objs, start.HeapObjects)
		if insert != nil {
			a.mallocs = append(a.mallocs, insert.Mallocs-start.Mallocs)
			a.bytes = append(a.bytes, insert.TotalAlloc-start.TotalAlloc)
		}
		return nil
	})
	m := func(xs []float64) mmm {
		if len(xs) == 0 {
			return mmm{Median: math.NaN()}
		}
		return mmm{Median: stats.Median(xs), Min: stats.Min(xs), Max: stats.Max(xs), N: len(xs)}
	}
	out := map[string]refRaw{}
	for k, a := range per {
		out[k] = refRaw{m(a.objs), m(a.mallocs), m(a.bytes)}
	}
	return out, err
}

// madeObjects: heap objects of a classic map right after make: hmap, plus
// the bucket array and mapextra when the hint gave B >= 1 / B >= 4.
func madeObjects(c *phaseClassic) float64 {
	n := 1.0
	if c.ArrayBytes > 0 {
		n++
	}
	if c.HeaderBytes > 48 {
		n++
	}
	return n
}

type agg struct{ med, min, max float64 }

func aggOf(xs []float64) (agg, bool) {
	if len(xs) == 0 {
		return agg{}, false
	}
	return agg{stats.Median(xs), stats.Min(xs), stats.Max(xs)}, true
}

// tally counts agreement of one metric over matched cases.
type tally struct {
	name          string
	exact         bool
	tol           float64 // > 0: agree when |our median - their median| <= tol
	rel           float64 // > 0: agree when |our median / their median - 1| <= rel
	n, agree      int
	ratios        []float64
	worst         string
	worstGap      float64
	disagreements []string
}

func (t *tally) add(id string, ours agg, theirs mmm) {
	t.n++
	if t.exact {
		if ours.min == theirs.Median && ours.max == theirs.Median {
			t.agree++
		} else {
			t.disagreements = append(t.disagreements, fmt.Sprintf("%s: ours %s..%s, theirs %s", id, f0(ours.min), f0(ours.max), f0(theirs.Median)))
		}
		return
	}
	if theirs.Median > 0 {
		t.ratios = append(t.ratios, ours.med/theirs.Median)
	}
	switch {
	case t.rel > 0 && theirs.Median > 0 && math.Abs(ours.med/theirs.Median-1) <= t.rel,
		t.tol > 0 && math.Abs(ours.med-theirs.Median) <= t.tol,
		t.rel == 0 && t.tol == 0 && ours.min <= theirs.Max && ours.max >= theirs.Min:
		t.agree++
		return
	}
	gap := math.Abs(math.Log(ours.med / theirs.Median))
	if gap > t.worstGap || t.worst == "" {
		t.worstGap = gap
		t.worst = fmt.Sprintf("%s: ours %s [%s–%s], theirs %s [%s–%s]", id, g3(ours.med), g3(ours.min), g3(ours.max), g3(theirs.Median), g3(theirs.Min), g3(theirs.Max))
	}
}

func g3(x float64) string {
	if math.Abs(x) >= 1000 {
		return f0(x)
	}
	return fmt.Sprintf("%.3g", x)
}

func compareShared(w writer, s *dataset, refDir string) {
	w("## (9) Agreement with the shared Go 1.19 set (`reference/go1.19-shared`)\n\n")
	ref, err := loadRef(refDir)
	if err != nil {
		w("Reference not readable: %v\n\n", err)
		return
	}
	refBase, err := loadRefBaseline(refDir)
	if err != nil {
		w("Reference raw runs not readable: %v\n\n", err)
		return
	}
	_, ours := byCase(s.runs, func(r *result.Result) bool {
		return (r.Group == "maps" || r.Group == "gcparams") && r.Scenario.Mode == "" && r.Scenario.Churn == nil
	})
	index := map[string][]*result.Result{}
	for _, rs := range ours {
		sc := rs[0].Scenario
		v := sc.Value
		if v == "string32" {
			v = "string"
		}
		k := fmt.Sprintf("%s/%s/%d/%v/%g/%d/%d", sc.Key, v, sc.N, sc.Hint > 0, sc.DeleteRatio, sc.Gogc, sc.Gomaxprocs)
		index[k] = append(index[k], rs...)
	}
	val := func(rs []*result.Result, f func(r *result.Result) float64) (agg, bool) { return aggOf(over(rs, f)) }
	phaseVal := func(ph string, f func(p *result.Phase) float64) func(r *result.Result) float64 {
		return func(r *result.Result) float64 {
			p := phase(r, ph)
			if p == nil || p.Map == nil {
				return math.NaN()
			}
			return f(p)
		}
	}
	classic := func(f func(c *phaseClassic) float64) func(p *result.Phase) float64 {
		return func(p *result.Phase) float64 {
			if p.Map.Classic == nil {
				return math.NaN()
			}
			return f(p.Map.Classic)
		}
	}
	type metric struct {
		t     *tally
		ref   string
		ours  func(r *result.Result) float64
		scale float64 // ours / scale is compared with theirs
	}
	ex := func(name string) *tally { return &tally{name: name, exact: true} }
	ap := func(name string) *tally { return &tally{name: name} }
	noMallocOvf := func(c *phaseClassic) float64 {
		return float64(c.MapBytes - c.OverflowListBytes - c.OverflowMallocByte - c.OldBytes)
	}
	var ms []metric
	for _, ph := range []string{"insert", "gc", "rebuild_gc"} {
		ph := ph
		ms = append(ms,
			metric{ex(ph + ".B"), ph + ".B", phaseVal(ph, classic(func(c *phaseClassic) float64 { return float64(c.B) })), 1},
			metric{ex(ph + ".bucket_array_bytes"), ph + ".bucket_array_bytes", phaseVal(ph, classic(func(c *phaseClassic) float64 { return float64(c.ArrayBytes) })), 1},
			metric{ex(ph + ".map bytes without malloc'ed overflow"), "", phaseVal(ph, classic(noMallocOvf)), 1},
			metric{ap(ph + ".map_struct_bytes (with malloc'ed overflow)"), ph + ".map_struct_bytes", phaseVal(ph, classic(func(c *phaseClassic) float64 {
				return float64(c.MapBytes - c.OverflowListBytes)
			})), 1},
			metric{ap(ph + ".overflow_buckets (walk)"), ph + ".overflow_buckets", phaseVal(ph, classic(func(c *phaseClassic) float64 { return float64(c.OverflowBuckets) })), 1},
		)
	}
	ms = append(ms,
		metric{ap("gc.tombstones"), "gc.tombstones", phaseVal("gc", classic(func(c *phaseClassic) float64 { return float64(c.Tombstones) })), 1},
		metric{&tally{name: "heap objects added by the map, besides malloc'ed overflow buckets (after insert + GC)", tol: 30}, "objects added", func(r *result.Result) float64 {
			p, st := phase(r, "insert"), phase(r, "start")
			if p == nil || p.ForcedGcNs == nil || st == nil || st.Map == nil || st.Map.Classic == nil {
				return math.NaN()
			}
			// baseline = start snapshot minus the objects make(map, hint) allocated
			made := madeObjects(st.Map.Classic)
			ovf := 0.0 // malloc'ed overflow buckets: a random count (hash seed), removed on both sides
			if p.Map != nil && p.Map.Classic != nil {
				ovf = float64(p.Map.Classic.OverflowMalloc)
			}
			return float64(p.ForcedGcNs.LiveObjects) - (float64(st.HeapObjects) - made) - ovf
		}, 1},
		// their start snapshot precedes make(map, hint), ours follows it: add make's objects and bytes back
		metric{&tally{name: "mallocs of make + inserts (the same work?)", rel: 0.01, tol: 30}, "insert mallocs", func(r *result.Result) float64 {
			p, st := phase(r, "insert"), phase(r, "start")
			if p == nil || st == nil || st.Map == nil || st.Map.Classic == nil {
				return math.NaN()
			}
			return float64(p.Mallocs-st.Mallocs) + madeObjects(st.Map.Classic)
		}, 1},
		metric{&tally{name: "bytes allocated by make + inserts (ours include up to ~12 KB of the harness's own records)", rel: 0.01, tol: 12288}, "insert bytes", func(r *result.Result) float64 {
			p, st := phase(r, "insert"), phase(r, "start")
			if p == nil || st == nil {
				return math.NaN()
			}
			return float64(p.TotalAlloc-st.TotalAlloc) + float64(st.MapBytes)
		}, 1},
		metric{ap("insert wall ms"), "insert.dur_ms", func(r *result.Result) float64 {
			if p := phase(r, "insert"); p != nil {
				return float64(p.DurNs)
			}
			return math.NaN()
		}, 1e6},
		metric{ap("runtime.GC() ms, full map"), "gctime_full.median_ms", func(r *result.Result) float64 { return forcedMed(r, "insert") }, 1e6},
		metric{ap("runtime.GC() ms, after delete + GC"), "gctime_deleted.median_ms", func(r *result.Result) float64 { return forcedMed(r, "gc") }, 1e6},
		metric{ap("runtime.GC() ms, rebuilt"), "gctime_rebuilt.median_ms", func(r *result.Result) float64 { return forcedMed(r, "rebuild_gc") }, 1e6},
		metric{ap("mark CPU ms of runtime.GC(), full map"), "gctime_full.mark_cpu_ms", func(r *result.Result) float64 { return markCPU(r, "insert") }, 1e6},
	)
	// the "map bytes without malloc'ed overflow" reference = their map_struct_bytes - overflow_malloc_bytes
	matched, unmatched := 0, 0
	var smallGC []float64
	for _, c := range ref {
		p := c.Params
		k := fmt.Sprintf("%s/%s/%d/%v/%g/%d/%d", p.Key, p.Val, p.N, p.Hint, p.R, p.Gogc, p.Procs)
		rs := index[k]
		if len(rs) == 0 {
			unmatched++
			continue
		}
		matched++
		for _, m := range ms {
			var theirs mmm
			var ok bool
			if m.ref == "objects added" {
				lo, ok1 := c.Metrics["gctime_full.live_objects"]
				raw, ok2 := refBase[c.CaseID]
				ovf, ok3 := c.Metrics["insert.overflow_malloc"]
				base := raw.startObjects.Median
				ok = ok1 && ok2 && ok3 && !math.IsNaN(base)
				theirs = mmm{Median: lo.Median - base - ovf.Median, Min: lo.Min - base - ovf.Max, Max: lo.Max - base - ovf.Min}
			} else if m.ref == "insert mallocs" || m.ref == "insert bytes" {
				raw, ok1 := refBase[c.CaseID]
				theirs = raw.insertMallocs
				if m.ref == "insert bytes" {
					theirs = raw.insertBytes
				}
				ok = ok1 && !math.IsNaN(theirs.Median)
			} else if m.ref == "" {
				a, ok1 := c.Metrics[strings.SplitN(m.t.name, ".", 2)[0]+".map_struct_bytes"]
				b, ok2 := c.Metrics[strings.SplitN(m.t.name, ".", 2)[0]+".overflow_malloc_bytes"]
				ok = ok1 && ok2 && b.Min == b.Max && a.Min == a.Max
				theirs = mmm{Median: a.Median - b.Median, Min: a.Min - b.Max, Max: a.Max - b.Min}
			} else {
				theirs, ok = c.Metrics[m.ref]
			}
			if !ok {
				continue
			}
			o, ok := val(rs, m.ours)
			if !ok {
				continue
			}
			o = agg{o.med / m.scale, o.min / m.scale, o.max / m.scale}
			m.t.add(c.CaseID, o, theirs)
		}
		if g, ok := c.Metrics["gctime_full.median_ms"]; ok && p.N <= 10000 {
			if o, ok := val(rs, func(r *result.Result) float64 { return forcedMed(r, "insert") }); ok && g.Median > 0 {
				smallGC = append(smallGC, o.med/1e6/g.Median)
			}
		}
	}
	w("Matched %d of the shared set's %d open map cases (grid, gcparams, diag) to ours on key, value, N, hint, delete ratio, GOGC and GOMAXPROCS; %d have no counterpart in our grid. ", matched, matched+unmatched, unmatched)
	w("`exact` metrics must be equal in every run; for the others, `agree` = our [min, max] over repetitions overlaps theirs (3 repetitions each), and the ratio is our median / their median (p10 / median / p90 over matched cases). Written by `cmd/summarize/compare.go`.\n\n")
	var rows [][]string
	var notes []string
	for _, m := range ms {
		t := m.t
		if t.n == 0 {
			continue
		}
		kind := "range overlap"
		ratio := "—"
		if t.tol > 0 {
			kind = fmt.Sprintf("within %g", t.tol)
		}
		if t.rel > 0 {
			kind = fmt.Sprintf("within %g %%", t.rel*100)
		}
		if t.exact {
			kind = "exact"
		} else if len(t.ratios) > 0 {
			ratio = fmt.Sprintf("%.2f / %.2f / %.2f", stats.Quantile(t.ratios, 0.1), stats.Median(t.ratios), stats.Quantile(t.ratios, 0.9))
		}
		worst := t.worst
		if t.exact && len(t.disagreements) > 0 {
			worst = t.disagreements[0]
			if len(t.disagreements) > 1 {
				notes = append(notes, fmt.Sprintf("%s: %s", t.name, strings.Join(t.disagreements, "; ")))
			}
		}
		rows = append(rows, []string{t.name, kind, fmt.Sprintf("%d / %d", t.agree, t.n), ratio, worst})
	}
	table(w, []string{"metric", "test", "agree / cases", "ratio ours/theirs p10 / median / p90", "largest disagreement"}, rows)
	byName := map[string]*tally{}
	for _, m := range ms {
		byName[m.t.name] = m.t
	}
	ratio := func(prefix string) string {
		for name, t := range byName {
			if strings.HasPrefix(name, prefix) && len(t.ratios) > 0 {
				return fmt.Sprintf("%.2f", stats.Median(t.ratios))
			}
		}
		return "—"
	}
	count := func(prefix string) string {
		for name, t := range byName {
			if strings.HasPrefix(name, prefix) {
				return fmt.Sprintf("%d/%d", t.agree, t.n)
			}
		}
		return "—"
	}
	w("**Reading.** Structure agrees exactly wherever it is deterministic, and the random parts (overflow buckets, tombstones) agree in distribution. ")
	w("Both harnesses also did the same work: mallocs of make + inserts agree within 1 %% in %s cases, bytes allocated in %s. ", count("mallocs of make"), count("bytes allocated by make"))
	w("Times do not agree: for the same work our insert wall time is %s× theirs and our mark CPU %s× theirs (medians over matched cases), ", ratio("insert wall"), ratio("mark CPU"))
	w("while small-heap `runtime.GC()` wall times go the other way (below). See calibration/README.md, \"Agreement with the shared Go 1.19 set\", for why.\n\n")
	if len(smallGC) > 0 {
		sort.Float64s(smallGC)
		w("Small heaps (N ≤ 1e4): our timed runtime.GC() median / theirs: p10 %.2f, median %.2f, p90 %.2f over %d cases.\n\n",
			stats.Quantile(smallGC, 0.1), stats.Median(smallGC), stats.Quantile(smallGC, 0.9), len(smallGC))
	}
	for _, n := range notes {
		w("- %s\n", n)
	}
	if len(notes) > 0 {
		w("\n")
	}
}

type phaseClassic = layout.Classic
