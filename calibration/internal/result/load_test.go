package result

import (
	"testing"

	"gomapgclab/calibration/internal/gctrace"
)

func TestLeastContended(t *testing.T) {
	rs := []*Result{
		{Case: "a", Rep: 1, Host: &Host{ForeignCores: 1.5}},
		{Case: "b", Rep: 1, Host: &Host{ForeignCores: 0.2}},
		{Case: "a", Rep: 2, Host: &Host{ForeignCores: 0.4}},
		{Case: "a", Rep: 3, Host: &Host{ForeignCores: 0.4}},
	}
	got := LeastContended(rs)
	if len(got) != 2 || got[0].Case != "a" || got[0].Rep != 2 || got[1].Case != "b" {
		t.Fatalf("got %+v %+v", got[0], got[1])
	}
}

// gctrace counts a descheduled worker as marking; the call's process CPU caps it.
func TestForcedMarkCPUCapsByProcessCPU(t *testing.T) {
	cy := func(n, cpu int64) Cycle {
		return Cycle{Cycle: gctrace.Cycle{N: int(n), Bg: cpu, Forced: true}, Window: "insert.forcedGc"}
	}
	r := &Result{
		Phases: []Phase{{Phase: "insert", ForcedGcNs: &ForcedGc{CpuNs: []int64{40e6, 38e6}}}},
		Cycles: []Cycle{cy(1, 35e6), cy(2, 300e6), {Cycle: gctrace.Cycle{N: 3, Bg: 1e6}, Window: "insert.probeGc"}},
	}
	got := r.ForcedMarkCPU("insert")
	if len(got) != 2 || got[0] != 35e6 || got[1] != 38e6 {
		t.Fatalf("got %v", got)
	}
	// calls and cycles that do not pair up: gctrace values uncapped
	r.Phases[0].ForcedGcNs.CpuNs = []int64{40e6}
	if got := r.ForcedMarkCPU("insert"); got[1] != 300e6 {
		t.Fatalf("unpaired: got %v", got)
	}
}
