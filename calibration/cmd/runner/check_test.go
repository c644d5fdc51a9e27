package main

import (
	"strings"
	"testing"

	"gomapgclab/calibration/internal/gctrace"
	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
)

// A classic result shaped like a real N=1e4 run (values from a go1.19.8 run).
func classicResult() *result.Result {
	s := result.Scenario{Version: 1, Impl: "classic", Key: "int64", Value: "int64", N: 10000, DeleteRatio: 0.9,
		Gogc: 100, Gomaxprocs: 2, Rebuild: &result.Rebuild{Hint: "live"}}
	mk := func(phase string, count, B int, bytes int64) result.Phase {
		c := &layout.Classic{Count: count, B: B, Buckets: 1 << uint(B), LiveSlots: count, MapBytes: bytes}
		return result.Phase{Phase: phase, Count: count, MapBytes: bytes, Map: &layout.Snapshot{Impl: "classic", Classic: c}}
	}
	start := mk("start", 0, 0, 48)
	d := int64(48)
	start.MakeHeapDelta = &d
	r := &result.Result{Scenario: s, Phases: []result.Phase{
		start, mk("insert", 10000, 11, 319560), mk("delete", 1000, 11, 319560), mk("gc", 1000, 11, 319560),
		mk("rebuild_gc", 1000, 8, 41032),
	}}
	r.Windows = []result.Window{{Name: "init", NumGcFrom: 0, NumGcTo: 1}}
	r.Cycles = []result.Cycle{{Cycle: gctrace.Cycle{N: 1}, Window: "init"}}
	return r
}

func TestCheckAcceptsRuleAbidingResult(t *testing.T) {
	if bad := checkResult(classicResult()); len(bad) != 0 {
		t.Fatalf("unexpected failures: %v", bad)
	}
}

func TestCheckCatchesBrokenStructure(t *testing.T) {
	cases := map[string]func(r *result.Result){
		"B=":                func(r *result.Result) { r.Phases[1].Map.Classic.B = 12 },
		"B changed":         func(r *result.Result) { r.Phases[3].Map.Classic.B = 10 },
		"HeapAlloc delta":   func(r *result.Result) { d := int64(96); r.Phases[0].MakeHeapDelta = &d },
		"live slots":        func(r *result.Result) { r.Phases[2].Map.Classic.LiveSlots = 999 },
		"rebuild_gc: B":     func(r *result.Result) { r.Phases[4].Map.Classic.B = 11 },
		"cycles parsed":     func(r *result.Result) { r.Windows[0].NumGcTo = 3 },
		"not in any window": func(r *result.Result) { r.Cycles[0].Window = ""; r.Windows[0].NumGcTo = 1 },
		"live heap":         func(r *result.Result) { v := int64(1 << 20); r.Phases[3].LiveExpected = &v },
	}
	for want, breakIt := range cases {
		r := classicResult()
		breakIt(r)
		bad := checkResult(r)
		if !strings.Contains(strings.Join(bad, "|"), want) {
			t.Errorf("%q not reported; got %v", want, bad)
		}
	}
}

func TestJoinCycles(t *testing.T) {
	cs := []gctrace.Cycle{{N: 1, Stw1Ns: 10, MarkNs: 100, Stw2Ns: 20}, {N: 2}, {N: 3}}
	ws := []result.Window{{Name: "a", NumGcFrom: 0, NumGcTo: 1}, {Name: "b", NumGcFrom: 1, NumGcTo: 3}}
	ps := []result.GcPause{{N: 1, Ns: 25, EndNs: 1000}, {N: 2, Ns: 5, EndNs: 2000}}
	got := joinCycles(cs, ws, ps)
	if got[0].Window != "a" || got[1].Window != "b" || got[2].Window != "b" {
		t.Errorf("windows: %+v", got)
	}
	if got[0].StartNs != 1000-130 || *got[0].PauseNs != 25 || got[2].PauseNs != nil || got[2].StartNs != -1 {
		t.Errorf("pauses: %+v", got)
	}
}
