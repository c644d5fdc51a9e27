package main

// The plans: which scenarios to run, how often, and in which data file.
//
//	ci     a handful of small scenarios, checked against the runtime's rules (< 1 min per version)
//	quick  the cases the cost constants need, once each (~3 min per version)
//	full   the recorded data set (~12 min per version; see calibration/README.md "Grid")
//
// Cuts in "full" (the brief's grid is key{2} x value{7} x N{4} x hint{2} x r{4}):
//   - hint = N runs only r = 0.9 (make(map, N) gives the same B / directory as
//     inserting N keys, so after-delete states repeat hint 0; the insert phase
//     and its forced GCs are what hint changes);
//   - N = 1e6 runs r in {0.5, 0.9, 0.99} (r = 0 repeats the insert phase's
//     full-map GC timing), and hint = N only for string16 keys;
//   - GOGC / GOMAXPROCS / GOMEMLIMIT variations use string16/ptr64 and a few
//     others at N = 1e5 / 1e6 (below 4 MB of live heap GOGC changes little);
//   - churn uses the shared set's session workload (string16 -> ptr1024);
//   - repetitions: 3 for N <= 1e4, 2 for everything timed above that, 1 for rules.

import (
	"fmt"
	"strings"

	"gomapgclab/calibration/internal/result"
)

type planCase struct {
	ID       string
	Group    string // data file: data/<goversion>/<group>.jsonl
	Reps     int
	Scenario result.Scenario
}

var values = []string{"int64", "struct64", "string32", "ptr64", "ptr256", "ptr1024", "ptrshared"}
var keys = []string{"int64", "string16"}

func nName(n int) string {
	switch n {
	case 1000:
		return "1e3"
	case 10000:
		return "1e4"
	case 100000:
		return "1e5"
	case 1000000:
		return "1e6"
	}
	return fmt.Sprint(n)
}

func base(impl, key, value string) result.Scenario {
	return result.Scenario{Version: 1, Impl: impl, Key: key, Value: value, Gogc: 100, Gomaxprocs: 2, ForcedGcRuns: 5, Seed: 1}
}

func mapCase(group string, reps int, impl, key, value string, n int, hintN bool, r float64, gogc, procs int, limit *int64) planCase {
	s := base(impl, key, value)
	s.N, s.DeleteRatio, s.Gogc, s.Gomaxprocs, s.Gomemlimit = n, r, gogc, procs, limit
	// mutator costs (GOGC=off): reuse faulted-in heap pages, see Scenario.Warm
	s.Warm = group == "mutator"
	h := "0"
	if hintN {
		s.Hint, h = n, "N"
	}
	s.Rebuild = &result.Rebuild{Threshold: 0, Hint: "live"}
	g := fmt.Sprint(gogc)
	if gogc < 0 {
		g = "off"
	}
	id := fmt.Sprintf("map-%s-%s-n%s-h%s-r%g-g%s-p%d", key, value, nName(n), h, r, g, procs)
	if limit != nil {
		id += fmt.Sprintf("-lim%dM", *limit>>20)
	}
	return planCase{ID: id, Group: group, Reps: reps, Scenario: s}
}

func churnCase(reps int, impl, variant string, gogc, procs int, durMs int) planCase {
	s := base(impl, "string16", "ptr1024")
	s.Gogc, s.Gomaxprocs = gogc, procs
	s.Churn = &result.Churn{DurationMs: durMs, InsertsPerSec: 300000, TtlMs: 333, Delete: variant != "nodelete"}
	switch variant {
	case "rebuild":
		s.Rebuild = &result.Rebuild{Threshold: 0.3, Hint: "live"}
	case "rebuildhalf":
		s.Rebuild = &result.Rebuild{Threshold: 0.3, Hint: "half"}
	}
	return planCase{ID: fmt.Sprintf("churn-%s-g%d-p%d", variant, gogc, procs), Group: "churn", Reps: reps, Scenario: s}
}

func ttsCase(reps int, impl, key, value, op string, hint, gcs, procs int) planCase {
	s := base(impl, key, value)
	s.Mode, s.Gomaxprocs, s.ForcedGcRuns = "tts", procs, 0
	s.Tts = &result.Tts{Op: op, Hint: hint, Gcs: gcs, GapMs: 10}
	return planCase{ID: fmt.Sprintf("tts-%s-%s-%s-h%d-p%d", op, key, value, hint, procs), Group: "tts", Reps: reps, Scenario: s}
}

func syncCase(reps int, impl, kind, work string, ops, keys, procs int) planCase {
	s := base(impl, "string16", "ptr64")
	s.Mode, s.Gomaxprocs = "syncmap", procs
	s.SyncMap = &result.SyncMap{Impl: kind, Work: work, Ops: ops, Keys: keys, Writers: 2}
	return planCase{ID: fmt.Sprintf("syncmap-%s-%s-p%d", kind, work, procs), Group: "syncmap", Reps: reps, Scenario: s}
}

func rulesCase(impl, key, value string, hints []int, growMax int) planCase {
	s := base(impl, key, value)
	s.Mode, s.Gogc, s.ForcedGcRuns = "rules", -1, 0
	s.Rules = &result.Rules{Hints: hints, GrowMax: growMax}
	return planCase{ID: fmt.Sprintf("rules-%s-%s", key, value), Group: "rules", Reps: 1, Scenario: s}
}

func microCase(reps int, impl string) planCase {
	s := base(impl, "int64", "int64")
	s.Mode, s.ForcedGcRuns = "micro", 0
	return planCase{ID: "micro", Group: "micro", Reps: reps, Scenario: s}
}

func mib(n int64) *int64 { v := n << 20; return &v }

func buildPlan(name, impl string) ([]planCase, error) {
	var p []planCase
	add := func(c ...planCase) { p = append(p, c...) }
	switch name {
	case "ci":
		add(mapCase("maps", 1, impl, "int64", "int64", 10000, false, 0.9, 100, 2, nil))
		add(mapCase("maps", 1, impl, "string16", "ptr64", 10000, true, 0.9, 100, 2, nil))
		add(mapCase("maps", 1, impl, "int64", "ptrshared", 100000, false, 0.5, 100, 1, nil))
		add(rulesCase(impl, "string16", "ptr64", []int{0, 8, 9, 13, 14, 1000, 6656, 6657, 10000, 100000}, 30000))
		add(rulesCase(impl, "int64", "struct64", []int{0, 9, 1000, 10000, 100000}, 0))
		add(churnCase(1, impl, "rebuild", 100, 2, 400))
		add(ttsCase(1, impl, "string16", "ptr64", "make", 200000, 3, 2))
		add(syncCase(1, impl, "syncmap", "churn", 40000, 4000, 2))
	case "quick":
		for _, k := range keys {
			for _, v := range values {
				for _, n := range []int{100000, 1000000} {
					add(mapCase("maps", 1, impl, k, v, n, false, 0.9, 100, 2, nil))
				}
				add(mapCase("mutator", 1, impl, k, v, 100000, false, 0.5, -1, 2, nil))
			}
		}
		add(mapCase("maps", 1, impl, "int64", "ptrshared", 10000, false, 0.9, 100, 2, nil))
		add(microCase(1, impl))
		add(ttsCase(1, impl, "string16", "ptr64", "make", 4000000, 10, 2))
		add(ttsCase(1, impl, "int64", "int64", "make", 4000000, 10, 2))
	case "full":
		for _, k := range keys {
			for _, v := range values {
				for _, n := range []int{1000, 10000} {
					for _, r := range []float64{0, 0.5, 0.9, 0.99} {
						add(mapCase("maps", 3, impl, k, v, n, false, r, 100, 2, nil))
					}
					add(mapCase("maps", 3, impl, k, v, n, true, 0.9, 100, 2, nil))
				}
				for _, r := range []float64{0, 0.5, 0.9, 0.99} {
					add(mapCase("maps", 2, impl, k, v, 100000, false, r, 100, 2, nil))
				}
				add(mapCase("maps", 2, impl, k, v, 100000, true, 0.9, 100, 2, nil))
				for _, r := range []float64{0.5, 0.9, 0.99} {
					add(mapCase("maps", 2, impl, k, v, 1000000, false, r, 100, 2, nil))
				}
				if k == "string16" {
					add(mapCase("maps", 2, impl, k, v, 1000000, true, 0.9, 100, 2, nil))
				}
				for _, n := range []int{100000, 1000000} {
					add(mapCase("mutator", 3, impl, k, v, n, false, 0.5, -1, 2, nil))
				}
			}
		}
		// GOGC / GOMAXPROCS / GOMEMLIMIT
		for _, g := range []int{50, 100, 200, -1} {
			for _, procs := range []int{1, 2} {
				if g == 100 && procs == 2 {
					continue // in the grid
				}
				add(mapCase("gcparams", 2, impl, "string16", "ptr64", 1000000, false, 0.9, g, procs, nil))
			}
		}
		for _, g := range []int{50, 200} {
			add(mapCase("gcparams", 2, impl, "int64", "int64", 1000000, false, 0.9, g, 2, nil))
			for _, procs := range []int{1, 2} {
				add(mapCase("gcparams", 2, impl, "string16", "ptr1024", 100000, false, 0.9, g, procs, nil))
			}
		}
		add(mapCase("gcparams", 2, impl, "string16", "ptr64", 1000000, false, 0.9, -1, 2, mib(256)))
		add(mapCase("gcparams", 2, impl, "string16", "ptr64", 1000000, false, 0.9, 100, 2, mib(128)))
		add(mapCase("gcparams", 2, impl, "string16", "ptr1024", 1000000, false, 0.9, -1, 2, mib(1536)))
		// churn
		for _, gp := range [][2]int{{100, 2}, {100, 1}, {50, 2}} {
			for _, v := range []string{"nodelete", "delete", "rebuild"} {
				add(churnCase(2, impl, v, gp[0], gp[1], 3000))
			}
		}
		add(churnCase(2, impl, "rebuildhalf", 100, 2, 3000))
		// time to stop
		for _, kv := range [][2]string{{"string16", "ptr64"}, {"int64", "int64"}} {
			for _, op := range []string{"make", "clear"} {
				add(ttsCase(3, impl, kv[0], kv[1], op, 4000000, 20, 2))
			}
		}
		add(ttsCase(3, impl, "string16", "ptr64", "make", 4000000, 20, 1))
		add(ttsCase(3, impl, "int64", "int64", "idle", 0, 20, 2))
		// sync.Map vs map+RWMutex
		for _, procs := range []int{1, 2} {
			for _, kind := range []string{"syncmap", "rwmutex"} {
				add(syncCase(2, impl, kind, "insert", 500000, 0, procs))
				add(syncCase(2, impl, kind, "update", 1000000, 100000, procs))
				add(syncCase(2, impl, kind, "churn", 1000000, 100000, procs))
			}
		}
		// rules and micro
		for _, k := range keys {
			for _, v := range values {
				grow := 0
				if (k == "string16" && v == "ptr64") || (k == "int64" && v == "int64") {
					grow = 1703947
				}
				add(rulesCase(impl, k, v, nil, grow))
			}
		}
		add(microCase(3, impl))
	default:
		return nil, fmt.Errorf("unknown plan %q (ci|quick|full)", name)
	}
	return p, nil
}

// filterPlan keeps cases whose ID contains every comma-separated term.
func filterPlan(p []planCase, filter string) []planCase {
	if filter == "" {
		return p
	}
	var out []planCase
	for _, c := range p {
		ok := true
		for _, t := range strings.Split(filter, ",") {
			if !strings.Contains(c.ID, t) {
				ok = false
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}
