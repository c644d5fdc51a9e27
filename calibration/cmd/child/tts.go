package main

// Time to stop (fact sheet §3.2). A goroutine repeats one map operation
// while main forces GCs; every STW must first stop that goroutine, so a long
// non-preemptible operation shows up as a long pause.
//
//   - go1.19: a large pointerful allocation is zeroed in place with
//     preemption off (malloc.go:1036), and mapclear zeroes the whole bucket
//     array in one call: expect long stops for map[string]*T, short ones for
//     the noscan map[int64]int64 (chunked, preemptible zeroing).
//   - go1.26: a Swiss map is built from tables of at most 1024 slots, so the
//     largest single allocation is one table's groups; clearing skips empty
//     tables. Measured, not assumed.
//
// gctrace STW fields, MemStats.PauseNs and (Go >= 1.22)
// /sched/pauses/stopping/gc:seconds all land in the "tts" window.

import (
	"runtime"
	"sync/atomic"
	"time"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
	"gomapgclab/calibration/internal/stats"
)

type ttsExtra struct {
	Kind           string           `json:"kind"`
	Op             string           `json:"op"`
	Hint           int              `json:"hint"`
	Map            *layout.Snapshot `json:"map,omitempty"`
	MapBytes       int64            `json:"mapBytes"`
	Ops            int              `json:"ops"`
	OpNs           *result.ForcedGc `json:"opNs,omitempty"` // median/min/max of one op's wall time
	ZeroBytesPerNs float64          `json:"zeroBytesPerNs"` // mapBytes / median op time
	GcWallNs       []int64          `json:"gcWallNs"`       // wall time of each runtime.GC()
	PauseNs        []uint64         `json:"pauseNs"`        // MemStats.PauseNs of every cycle in the window
	PauseMedianNs  float64          `json:"pauseMedianNs"`
	PauseMaxNs     float64          `json:"pauseMaxNs"`
	Stopping       *result.Hist     `json:"stoppingGc,omitempty"`
}

func runTts(s *result.Scenario, rec *recorder, res *result.Result) error {
	o, err := newOps(s.Key, s.Value, s.Seed)
	if err != nil {
		return err
	}
	p := s.Tts
	ex := &ttsExtra{Kind: "tts", Op: p.Op, Hint: p.Hint}
	opNs := make([]int64, 0, 1<<16)
	var stop, started int32
	done := make(chan struct{})

	rec.open("init")
	runtime.GC()
	if p.Op != "idle" {
		go func() {
			defer close(done)
			if p.Op == "clear" {
				o.Make(p.Hint)
			}
			for atomic.LoadInt32(&stop) == 0 {
				t := time.Now()
				if p.Op == "make" {
					o.Make(p.Hint)
				} else {
					o.Insert(0, 1)
					o.Clear()
				}
				if len(opNs) < cap(opNs) {
					opNs = append(opNs, int64(time.Since(t)))
				}
				atomic.StoreInt32(&started, 1)
			}
		}()
		for atomic.LoadInt32(&started) == 0 {
			time.Sleep(time.Millisecond)
		}
	} else {
		close(done)
	}

	rec.open("tts")
	for i := 0; i < p.Gcs; i++ {
		time.Sleep(time.Duration(p.GapMs) * time.Millisecond)
		t := time.Now()
		runtime.GC()
		ex.GcWallNs = append(ex.GcWallNs, int64(time.Since(t)))
	}
	w := rec.cur
	from := w.NumGcFrom
	rec.open("stop")
	atomic.StoreInt32(&stop, 1)
	<-done
	ex.PauseNs = pausesBetween(from, w.NumGcTo)
	ex.Stopping = w.Stopping
	pf := make([]float64, len(ex.PauseNs))
	for i, v := range ex.PauseNs {
		pf[i] = float64(v)
	}
	ex.PauseMedianNs, ex.PauseMaxNs = stats.Median(pf), stats.Max(pf)
	if p.Op != "idle" {
		snap, err := layout.Read(o.Map())
		if err != nil {
			return err
		}
		ex.Map, ex.MapBytes = &snap, snap.MapBytes()
		ex.Ops = len(opNs)
		f := stats.Ints(opNs)
		med := stats.Median(f)
		ex.OpNs = &result.ForcedGc{Median: int64(med), Min: int64(stats.Min(f)), Max: int64(stats.Max(f)), Runs: len(opNs)}
		if med > 0 {
			ex.ZeroBytesPerNs = float64(ex.MapBytes) / med
		}
	}
	res.Extra = ex
	runtime.KeepAlive(o)
	return nil
}
