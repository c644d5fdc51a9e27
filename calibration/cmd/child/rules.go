package main

// Rules: exact heap bytes of make(map, hint) with the GC off (minimum of 3
// trials, because unrelated runtime allocations occasionally land in the
// window), held against the structure reading; then the insert counts at
// which the structure grows while inserting growMax keys into an empty map.

import (
	"runtime"
	"runtime/debug"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
)

type hintCheck struct {
	Hint      int              `json:"hint"`
	HeapDelta int64            `json:"heapDelta"`
	MapBytes  int64            `json:"mapBytes"`
	Ok        bool             `json:"ok"`
	Map       *layout.Snapshot `json:"map"`
}

// transition: the insert that made count reach Count changed the shape.
type transition struct {
	Count  int `json:"count"`
	B      int `json:"B"`
	DirLen int `json:"dirLen"`
	Cap0   int `json:"cap0"` // swiss: capacity of the table at directory index 0
}

type rulesExtra struct {
	Kind        string       `json:"kind"`
	Hints       []hintCheck  `json:"hints"`
	HintOk      int          `json:"hintOk"`
	HintBad     int          `json:"hintBad"`
	Transitions []transition `json:"transitions"`
}

// DefaultHints covers every classic 6.5*2^B threshold and threshold+1 up to
// B=18, and Swiss directory steps.
func defaultHints() []int {
	h := []int{0, 1, 8, 9, 13, 14, 100, 1000, 10000, 100000, 1000000}
	for B := 1; B <= 18; B++ {
		t := 13 * ((1 << uint(B)) / 2)
		h = append(h, t, t+1)
	}
	return h
}

func runRules(s *result.Scenario, rec *recorder, res *result.Result) error {
	o, err := newOps(s.Key, s.Value, s.Seed)
	if err != nil {
		return err
	}
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	hints := defaultHints()
	if s.Rules != nil && len(s.Rules.Hints) > 0 {
		hints = s.Rules.Hints
	}
	ex := &rulesExtra{Kind: "rules"}
	rec.open("hints")
	var a, b runtime.MemStats
	for _, hint := range hints {
		best := hintCheck{Hint: hint, HeapDelta: -1}
		for trial := 0; trial < 3; trial++ {
			o.Drop()
			runtime.GC()
			runtime.ReadMemStats(&a)
			o.Make(hint)
			runtime.ReadMemStats(&b)
			d := int64(b.HeapAlloc) - int64(a.HeapAlloc)
			if best.HeapDelta < 0 || d < best.HeapDelta {
				snap, err := layout.Read(o.Map())
				if err != nil {
					return err
				}
				best.HeapDelta, best.MapBytes, best.Map = d, snap.MapBytes(), &snap
			}
		}
		best.Ok = best.HeapDelta == best.MapBytes
		if best.Ok {
			ex.HintOk++
		} else {
			ex.HintBad++
		}
		ex.Hints = append(ex.Hints, best)
	}
	o.Drop()
	runtime.GC()
	growMax := 0
	if s.Rules != nil {
		growMax = s.Rules.GrowMax
	}
	if growMax > 0 {
		rec.open("grow")
		debug.SetGCPercent(100)
		o.Make(0)
		_, pb, pd, pc := layout.Shape(o.Map())
		for i := 0; i < growMax; i++ {
			o.Insert(i, i+1)
			n, B, d, c := layout.Shape(o.Map())
			if B != pb || d != pd || c != pc {
				ex.Transitions = append(ex.Transitions, transition{Count: n, B: B, DirLen: d, Cap0: c})
				pb, pd, pc = B, d, c
			}
		}
	}
	res.Extra = ex
	return nil
}
