package main

// Structural checks of a result against the runtime's rules. The expected
// values come from layout.ExpectedB / layout.ExpectedTables (formulas from
// makemap and maps.NewMap), not from the reader's byte arithmetic, and byte
// totals are held to HeapAlloc measurements.
//
//	map:     len == walked live slots; classic B = ExpectedB(max(hint, N)) after
//	         insert, unchanged by delete and GC, ExpectedB(len) after rebuild;
//	         swiss directory/capacity >= NewMap's for the hint, load <= 7/8,
//	         walked tombstones == table.tombstones(), capacity unchanged by
//	         delete; make(map, hint) bytes == HeapAlloc delta exactly; live
//	         heap after a forced GC == map bytes + entries' objects within
//	         harness noise; every gctrace cycle parsed and joined.
//	rules:   every hint exact; classic growth at 6.5*2^B + 1.
//	churn, tts, syncmap: the workload ran as configured.

import (
	"fmt"
	"math"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
)

// liveSlack: after a forced GC, HeapAlloc - baseline also holds the harness's
// own records and runtime-internal objects (measured: +12.5 KB on go1.19,
// -6..+1.4 KB on go1.26 with an empty map).
const liveSlack = 32 << 10

func checkResult(r *result.Result) []string {
	var bad []string
	fail := func(format string, a ...interface{}) { bad = append(bad, fmt.Sprintf(format, a...)) }
	s := r.Scenario
	switch {
	case s.Mode == "rules":
		checkRules(r, fail)
	case s.Mode == "tts" || s.Mode == "syncmap" || s.Mode == "micro":
		checkModes(r, fail)
	default:
		checkMap(r, fail)
	}
	checkCycles(r, fail)
	return bad
}

func checkMap(r *result.Result, fail func(string, ...interface{})) {
	s := r.Scenario
	var insert *result.Phase
	for i := range r.Phases {
		ph := &r.Phases[i]
		if ph.Map == nil {
			fail("%s: no structure", ph.Phase)
			continue
		}
		if c := ph.Map.Classic; c != nil {
			if c.LiveSlots != ph.Count && !c.Growing {
				fail("%s: live slots %d != len %d", ph.Phase, c.LiveSlots, ph.Count)
			}
		}
		if w := ph.Map.Swiss; w != nil {
			if !w.Small && w.Used != ph.Count {
				fail("%s: sum(table.used) %d != len %d", ph.Phase, w.Used, ph.Count)
			}
			if w.Tombstones != w.TombstonesRule {
				fail("%s: walked tombstones %d != capacity*7/8-used-growthLeft %d", ph.Phase, w.Tombstones, w.TombstonesRule)
			}
			if !w.Small && w.Count*8 > w.Capacity*7 {
				fail("%s: load %d/%d above 7/8", ph.Phase, w.Count, w.Capacity)
			}
		}
		switch ph.Phase {
		case "start":
			if ph.MakeHeapDelta != nil && *ph.MakeHeapDelta != ph.MapBytes {
				fail("start: make(map, %d) HeapAlloc delta %d != structure bytes %d", s.Hint, *ph.MakeHeapDelta, ph.MapBytes)
			}
			if w := ph.Map.Swiss; w != nil && s.Hint > 8 {
				dir, tcap := layout.ExpectedTables(s.Hint)
				if w.Directory != dir || w.Capacity != dir*tcap {
					fail("start: directory %d capacity %d, NewMap(%d) gives %d x %d", w.Directory, w.Capacity, s.Hint, dir, tcap)
				}
			}
			if c := ph.Map.Classic; c != nil && c.B != layout.ExpectedB(s.Hint) && s.Hint > 8 {
				fail("start: B=%d, makemap(%d) gives %d", c.B, s.Hint, layout.ExpectedB(s.Hint))
			}
		case "insert":
			insert = ph
			if ph.Count != s.N && s.Churn == nil {
				fail("insert: len %d != n %d", ph.Count, s.N)
			}
			if c := ph.Map.Classic; c != nil {
				want := layout.ExpectedB(s.N)
				if hb := layout.ExpectedB(s.Hint); hb > want {
					want = hb
				}
				if c.B != want || c.Buckets != 1<<uint(c.B) {
					fail("insert: B=%d buckets=%d, want B=%d", c.B, c.Buckets, want)
				}
			}
			if w := ph.Map.Swiss; w != nil && s.Hint > 8 {
				dir, tcap := layout.ExpectedTables(s.Hint)
				if w.Capacity < dir*tcap {
					fail("insert: capacity %d below NewMap(%d)'s %d", w.Capacity, s.Hint, dir*tcap)
				}
			}
		case "delete", "gc":
			if insert != nil && ph.MapBytes < insert.MapBytes-oldBytes(insert.Map.Classic) {
				fail("%s: map bytes shrank %d -> %d", ph.Phase, insert.MapBytes, ph.MapBytes)
			}
			if want := s.N - int(s.DeleteRatio*float64(s.N)); ph.Count != want {
				fail("%s: len %d, want %d", ph.Phase, ph.Count, want)
			}
			if insert != nil {
				if c, ic := ph.Map.Classic, insert.Map.Classic; c != nil && ic != nil && c.B != ic.B {
					fail("%s: B changed %d -> %d", ph.Phase, ic.B, c.B)
				}
				if w, iw := ph.Map.Swiss, insert.Map.Swiss; w != nil && iw != nil && w.Capacity != iw.Capacity {
					fail("%s: capacity changed %d -> %d", ph.Phase, iw.Capacity, w.Capacity)
				}
			}
		case "rebuild_gc":
			if c := ph.Map.Classic; c != nil && s.Rebuild != nil && s.Rebuild.Hint == "live" && c.B != layout.ExpectedB(ph.Count) {
				fail("rebuild_gc: B=%d, want ExpectedB(%d)=%d", c.B, ph.Count, layout.ExpectedB(ph.Count))
			}
		}
		if ph.LiveExpected != nil {
			if d := ph.HeapDelta - *ph.LiveExpected; math.Abs(float64(d)) > liveSlack+0.005*float64(*ph.LiveExpected) {
				fail("%s: live heap %d vs map bytes + entries %d (diff %d)", ph.Phase, ph.HeapDelta, *ph.LiveExpected, d)
			}
		}
	}
	if s.Churn != nil {
		end := r.PhaseByName("churn_end")
		ex, _ := r.Extra.(map[string]interface{})
		if end == nil || ex == nil {
			fail("churn: no churn_end phase or extra")
			return
		}
		want := float64(s.Churn.InsertsPerSec) * float64(s.Churn.DurationMs) / 1000
		if got := ex["inserted"].(float64); got < 0.8*want {
			fail("churn: inserted %.0f of %.0f scheduled", got, want)
		}
		if s.Churn.Delete {
			live := float64(s.Churn.InsertsPerSec) * float64(s.Churn.TtlMs) / 1000
			if c := float64(end.Count); c < 0.8*live || c > 1.2*live {
				fail("churn: len %d, want about %.0f live sessions", end.Count, live)
			}
		}
	}
}

// oldBytes lets the shrink check ignore a finished evacuation.
func oldBytes(c *layout.Classic) int64 {
	if c == nil {
		return 0
	}
	return c.OldBytes
}

func checkRules(r *result.Result, fail func(string, ...interface{})) {
	ex, _ := r.Extra.(map[string]interface{})
	if ex == nil {
		fail("rules: no extra")
		return
	}
	if bad := ex["hintBad"].(float64); bad != 0 {
		fail("rules: %v hints where make(map, hint) bytes != structure bytes", bad)
	}
	if r.Scenario.Impl != "classic" {
		return
	}
	tr, _ := ex["transitions"].([]interface{})
	for _, t := range tr {
		m := t.(map[string]interface{})
		count, B := int(m["count"].(float64)), int(m["B"].(float64))
		if want := 13*((1<<uint(B-1))/2) + 1; B > 1 && count != want {
			fail("rules: B became %d at count %d, rule says %d", B, count, want)
		}
	}
}

func checkModes(r *result.Result, fail func(string, ...interface{})) {
	ex, _ := r.Extra.(map[string]interface{})
	if ex == nil {
		fail("%s: no extra", r.Scenario.Mode)
		return
	}
	switch r.Scenario.Mode {
	case "tts":
		if n := len(ex["gcWallNs"].([]interface{})); n != r.Scenario.Tts.Gcs {
			fail("tts: %d GCs timed, want %d", n, r.Scenario.Tts.Gcs)
		}
	case "syncmap":
		w := r.Scenario.SyncMap
		want := w.Keys
		if w.Work == "insert" {
			want = w.Ops
		}
		if got := int(ex["liveLen"].(float64)); got != want {
			fail("syncmap: %d live entries, want %d", got, want)
		}
	}
}

// checkCycles: every cycle the runtime ran was printed, parsed and joined.
func checkCycles(r *result.Result, fail func(string, ...interface{})) {
	var last uint32
	for _, w := range r.Windows {
		if w.NumGcTo > last {
			last = w.NumGcTo
		}
	}
	if len(r.Cycles) < int(last) {
		fail("gctrace: %d cycles parsed, MemStats.NumGC reached %d", len(r.Cycles), last)
	}
	for i, c := range r.Cycles {
		if c.N != i+1 {
			fail("gctrace: cycle %d at position %d", c.N, i)
			break
		}
		if uint32(c.N) <= last && c.Window == "" {
			fail("gctrace: cycle %d not in any window", c.N)
		}
	}
}
