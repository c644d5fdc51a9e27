package main

// sync.Map vs map+RWMutex under writers (shared README table 6). Keys are
// string16, every Store stores a new *p64. On go1.19 sync.Map is the
// read/dirty two-map design; since go1.24 it is a concurrent hash-trie.

import (
	"runtime"
	"sync"
	"time"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
)

type syncExtra struct {
	Kind         string  `json:"kind"`
	Impl         string  `json:"impl"`
	Work         string  `json:"work"`
	Ops          int     `json:"ops"`
	WallNs       int64   `json:"wallNs"`
	NsPerOp      float64 `json:"nsPerOp"`
	CpuNsPerOp   float64 `json:"cpuNsPerOp"` // process CPU (all threads, incl. GC) per op
	MallocsPerOp float64 `json:"mallocsPerOp"`
	BytesPerOp   float64 `json:"bytesPerOp"`
	NumGC        uint32  `json:"numGC"`
	PauseTotalNs uint64  `json:"pauseTotalNs"`
	PauseMaxNs   uint64  `json:"pauseMaxNs"`
	LiveHeap     uint64  `json:"liveHeap"`    // HeapAlloc - baseline after runtime.GC()
	LiveObjects  uint64  `json:"liveObjects"` // HeapObjects after runtime.GC()
	LiveLen      int     `json:"liveLen"`
}

type kv interface {
	store(k string, v *p64)
	del(k string)
	length() int
	inner() interface{} // the plain map, for layout.Read (nil for sync.Map)
}

type syncMapKV struct{ m sync.Map }

func (s *syncMapKV) store(k string, v *p64) { s.m.Store(k, v) }
func (s *syncMapKV) del(k string)           { s.m.Delete(k) }
func (s *syncMapKV) length() int {
	n := 0
	s.m.Range(func(_, _ interface{}) bool { n++; return true })
	return n
}
func (s *syncMapKV) inner() interface{} { return nil }

type rwKV struct {
	mu sync.RWMutex
	m  map[string]*p64
}

func (s *rwKV) store(k string, v *p64) { s.mu.Lock(); s.m[k] = v; s.mu.Unlock() }
func (s *rwKV) del(k string)           { s.mu.Lock(); delete(s.m, k); s.mu.Unlock() }
func (s *rwKV) length() int            { s.mu.RLock(); defer s.mu.RUnlock(); return len(s.m) }
func (s *rwKV) inner() interface{}     { return s.m }

func runSyncMap(s *result.Scenario, rec *recorder, res *result.Result) error {
	w := s.SyncMap
	key := func(i int) string { return hexString((uint64(i)+uint64(s.Seed)<<40)*phi64, 16) }
	var m kv
	if w.Impl == "syncmap" {
		m = &syncMapKV{}
	} else {
		m = &rwKV{m: map[string]*p64{}}
	}
	rec.open("init")
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	if w.Work == "update" {
		rec.open("preload")
		for i := 0; i < w.Keys; i++ {
			m.store(key(i), &p64{})
		}
	}
	per := w.Ops / w.Writers
	window := w.Keys / w.Writers // churn: each writer keeps this many live keys
	var a, b runtime.MemStats
	rec.open("ops")
	runtime.ReadMemStats(&a)
	c0 := cpuNow()
	t := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < w.Writers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for j := 0; j < per; j++ {
				switch w.Work {
				case "insert":
					m.store(key(g*per+j), &p64{})
				case "update":
					m.store(key((j*w.Writers+g)%w.Keys), &p64{})
				case "churn":
					m.store(key(g*per+j), &p64{})
					if j >= window {
						m.del(key(g*per + j - window))
					}
				}
			}
		}(g)
	}
	wg.Wait()
	wall := time.Since(t)
	cpu := cpuNow() - c0
	runtime.ReadMemStats(&b)
	ops := per * w.Writers
	ex := &syncExtra{Kind: "syncmap", Impl: w.Impl, Work: w.Work, Ops: ops, WallNs: int64(wall),
		NsPerOp:      float64(wall) / float64(ops),
		CpuNsPerOp:   float64(cpu) / float64(ops),
		MallocsPerOp: float64(b.Mallocs-a.Mallocs) / float64(ops),
		BytesPerOp:   float64(b.TotalAlloc-a.TotalAlloc) / float64(ops),
		NumGC:        b.NumGC - a.NumGC,
		PauseTotalNs: b.PauseTotalNs - a.PauseTotalNs,
	}
	for _, p := range pausesBetween(a.NumGC, b.NumGC) {
		if p > ex.PauseMaxNs {
			ex.PauseMaxNs = p
		}
	}
	ph := memPhase("ops", m.length(), m.inner(), &b, &base, rec)
	ph.StartNs, ph.DurNs, ph.CpuNs = int64(t.Sub(rec.t0)), int64(wall), cpu
	res.Phases = append(res.Phases, ph)

	rec.open("gc")
	runtime.GC()
	var c runtime.MemStats
	runtime.ReadMemStats(&c)
	ex.LiveHeap, ex.LiveObjects, ex.LiveLen = c.HeapAlloc-base.HeapAlloc, c.HeapObjects, m.length()
	ph = memPhase("gc", ex.LiveLen, m.inner(), &c, &base, rec)
	ph.ForcedGcNs = forcedGCs(s.ForcedGcRuns, "gc", rec)
	res.Phases = append(res.Phases, ph)
	res.Extra = ex
	rec.open("end")
	runtime.KeepAlive(m)
	return nil
}

// memPhase is a phase snapshot for modes without a mapOps (m may be nil).
func memPhase(name string, count int, m interface{}, ms, base *runtime.MemStats, rec *recorder) result.Phase {
	ph := result.Phase{Phase: name, Count: count, HeapAlloc: ms.HeapAlloc, HeapInuse: ms.HeapInuse,
		HeapObjects: ms.HeapObjects, NumGC: ms.NumGC, PauseTotalNs: ms.PauseTotalNs, NumForcedGC: ms.NumForcedGC,
		TotalAlloc: ms.TotalAlloc, Mallocs: ms.Mallocs, NextGC: ms.NextGC,
		HeapDelta: int64(ms.HeapAlloc) - int64(base.HeapAlloc), Metrics: rec.metricValues()}
	if rec.cur != nil {
		ph.PausesNs = pausesBetween(rec.cur.NumGcFrom, ms.NumGC)
	}
	if m != nil {
		if snap, err := layout.Read(m); err == nil {
			ph.Map, ph.MapBytes = &snap, snap.MapBytes()
			fillStructure(&ph, snap)
		}
	}
	return ph
}
