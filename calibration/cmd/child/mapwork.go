package main

// The map scenario of FORMAT.md:
//
//	runtime.GC(), baseline MemStats
//	start       m := make(map[K]V, hint)            (+ exact HeapAlloc delta of the make)
//	insert      N new keys                           (+ forcedGcRuns timed runtime.GC())
//	delete      keys 0..floor(r*N)-1, oldest first   (when r > 0)
//	gc          one runtime.GC()                     (+ timed GCs)
//	rebuild_gc  copy into make(map, h), drop the old map, runtime.GC()  (+ timed GCs)
//
// Every phase reads the map structure through internal/layout and MemStats
// after its operation. Each operation runs in its own window, and so does
// each block of timed GCs ("<phase>.forcedGc"), so the runner can tell the
// cycles apart.

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
	"gomapgclab/calibration/internal/stats"
)

func runMap(s *result.Scenario, rec *recorder, res *result.Result) error {
	o, err := newOps(s.Key, s.Value, s.Seed)
	if err != nil {
		return err
	}
	perEntry := entryHeapBytes(s.Key, s.Value)
	if s.Warm {
		rec.open("warm")
		o.Make(s.Hint)
		o.Insert(0, s.N)
		o.Rebuild(o.Len())
		o.Drop()
		runtime.GC()
	}

	base, err := startPhase(s, o, rec, res)
	if err != nil {
		return err
	}

	rec.open("insert")
	m := rec.mark()
	o.Insert(0, s.N)
	ph, err := snapshot("insert", o, rec, base, rec.since(m))
	if err != nil {
		return err
	}
	ph.ForcedGcNs = forcedGCs(s.ForcedGcRuns, "insert", rec)
	res.Phases = append(res.Phases, ph)

	deleted := int(s.DeleteRatio * float64(s.N))
	if s.DeleteRatio > 0 {
		rec.open("delete")
		m = rec.mark()
		o.Delete(0, deleted)
		if ph, err = snapshot("delete", o, rec, base, rec.since(m)); err != nil {
			return err
		}
		res.Phases = append(res.Phases, ph)
	}
	if s.DeleteRatio > 0 || s.Rebuild != nil {
		rec.open("gc")
		m = rec.mark()
		runtime.GC()
		if ph, err = snapshot("gc", o, rec, base, rec.since(m)); err != nil {
			return err
		}
		liveExpected(&ph, perEntry)
		ph.ForcedGcNs = forcedGCs(s.ForcedGcRuns, "gc", rec)
		res.Phases = append(res.Phases, ph)
	}
	if s.Rebuild != nil && float64(deleted) >= s.Rebuild.Threshold*float64(s.N) {
		h := o.Len()
		if s.Rebuild.Hint == "half" {
			h = o.Len() / 2
		}
		rec.open("rebuild_gc")
		m = rec.mark()
		o.Rebuild(h)
		copySpan := rec.since(m) // the phase's operation is the copy
		g := time.Now()
		runtime.GC()
		gcDur := time.Since(g)
		if ph, err = snapshot("rebuild_gc", o, rec, base, copySpan); err != nil {
			return err
		}
		ph.GcNs = int64(gcDur)
		liveExpected(&ph, perEntry)
		ph.ForcedGcNs = forcedGCs(s.ForcedGcRuns, "rebuild_gc", rec)
		res.Phases = append(res.Phases, ph)
	}
	rec.open("end")
	runtime.KeepAlive(o)
	return nil
}

// startPhase runs a GC, takes the baseline and makes the map (phase
// "start"). It returns the baseline MemStats.
func startPhase(s *result.Scenario, o mapOps, rec *recorder, res *result.Result) (*runtime.MemStats, error) {
	rec.open("init")
	runtime.GC()
	rec.open("start")
	// baseline after open(): reading the window's histograms allocates
	base := &runtime.MemStats{}
	runtime.ReadMemStats(base)
	m := rec.mark()
	o.Make(s.Hint)
	ph, err := snapshot("start", o, rec, base, rec.since(m))
	if err != nil {
		return nil, err
	}
	if ph.NumGC == base.NumGC {
		d := ph.HeapDelta
		ph.MakeHeapDelta = &d
	}
	res.Phases = append(res.Phases, ph)
	return base, nil
}

// snapshot reads MemStats and the map structure after a phase's operation.
// It is called before the window closes, so PausesNs are the pauses of the
// operation itself.
func snapshot(name string, o mapOps, rec *recorder, base *runtime.MemStats, sp span) (result.Phase, error) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	snap, err := layout.Read(o.Map())
	if err != nil {
		return result.Phase{}, err
	}
	ph := result.Phase{
		Phase:        name,
		Count:        o.Len(),
		MapBytes:     snap.MapBytes(),
		HeapAlloc:    ms.HeapAlloc,
		HeapInuse:    ms.HeapInuse,
		HeapObjects:  ms.HeapObjects,
		NumGC:        ms.NumGC,
		PauseTotalNs: ms.PauseTotalNs,
		StartNs:      sp.startNs,
		DurNs:        sp.durNs,
		CpuNs:        sp.cpuNs,
		Map:          &snap,
		NumForcedGC:  ms.NumForcedGC,
		TotalAlloc:   ms.TotalAlloc,
		Mallocs:      ms.Mallocs,
		NextGC:       ms.NextGC,
		HeapDelta:    int64(ms.HeapAlloc) - int64(base.HeapAlloc),
		Metrics:      rec.metricValues(),
	}
	if rec.cur != nil {
		ph.PausesNs = pausesBetween(rec.cur.NumGcFrom, ms.NumGC)
	}
	fillStructure(&ph, snap)
	return ph, nil
}

// fillStructure copies the FORMAT fields of the implementation that ran;
// the other implementation's fields stay null.
func fillStructure(ph *result.Phase, snap layout.Snapshot) {
	if c := snap.Classic; c != nil {
		ph.B, ph.Buckets, ph.OverflowBuckets = intp(c.B), intp(c.Buckets), intp(c.OverflowBuckets)
		ph.Noverflow, ph.Tombstones = intp(c.Noverflow), intp(c.Tombstones)
		g := c.Growing
		ph.Growing = &g
	}
	if w := snap.Swiss; w != nil {
		ph.Directory, ph.Tables, ph.Groups = intp(w.Directory), intp(w.Tables), intp(w.Groups)
		ph.Capacity, ph.Tombstones = intp(w.Capacity), intp(w.Tombstones)
	}
}

func intp(v int) *int { return &v }

func liveExpected(ph *result.Phase, perEntry int64) {
	v := ph.MapBytes + int64(ph.Count)*perEntry
	ph.LiveExpected = &v
}

// forcedGCs times n runtime.GC() calls in their own window.
func forcedGCs(n int, phase string, rec *recorder) *result.ForcedGc {
	if n <= 0 {
		return nil
	}
	rec.open(phase + ".forcedGc")
	ns, cpu := make([]int64, n), make([]int64, n)
	for i := range ns {
		m := rec.mark()
		runtime.GC()
		sp := rec.since(m)
		ns[i], cpu[i] = sp.durNs, sp.cpuNs
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	f := stats.Ints(ns)
	fg := &result.ForcedGc{
		Median: int64(stats.Median(f)), Min: int64(stats.Min(f)), Max: int64(stats.Max(f)),
		Runs: n, Ns: ns, CpuNs: cpu, LiveHeap: ms.HeapAlloc, LiveObjects: ms.HeapObjects,
	}
	// Go >= 1.21: heap scan work of the last cycle (resetLive stores heapScanWork).
	if v, ok := rec.metricValues()["/gc/scan/heap:bytes"]; ok {
		w := int64(v)
		fg.ScanHeapMetric = &w
	}
	probeScan(phase, rec)
	return fg
}

var probeSink []byte

// probeScan runs one automatic (not forced) GC cycle in window
// "<phase>.probeGc". Forced cycles leave endCycle before the pacer's report,
// so gcpacertrace prints no scan work for them; an automatic cycle over the
// same live heap does. A temporary GOGC=1 puts the trigger just above the
// live heap and 64 KiB noscan chunks cross it (at most 4 GiB of them).
func probeScan(phase string, rec *recorder) {
	rec.open(phase + ".probeGc")
	old := debug.SetGCPercent(1)
	before := gcCycles()
	for i := 0; i < 1<<16 && gcCycles() == before; i++ {
		for j := 0; j < 16; j++ {
			probeSink = make([]byte, 64<<10)
		}
	}
	probeSink = nil
	debug.SetGCPercent(old)
}

var cyclesSample = []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}

// gcCycles counts completed cycles without the stop-the-world of ReadMemStats.
func gcCycles() uint64 {
	metrics.Read(cyclesSample)
	return cyclesSample[0].Value.Uint64()
}
