package main

// Churn: sessions inserted at a paced rate with a TTL (FORMAT.md "churn").
// Key i is due at i/rate and expires at i/rate + ttl (scheduled times, so
// the live set does not depend on how late the loop runs). Each batch inserts
// what is due, deletes what expired (when churn.delete), and rebuilds the map
// when the scenario has a rebuild and the deletes since the last rebuild reach
// threshold*len. The loop sleeps 1 ms between batches. A sample every 100 ms
// records the structure and the heap.

import (
	"runtime"
	"sort"
	"time"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
)

type churnSample struct {
	TNs         int64  `json:"tNs"`
	Len         int    `json:"len"`
	B           *int   `json:"B,omitempty"`
	Overflow    *int   `json:"overflowBuckets,omitempty"`
	Growing     *bool  `json:"growing,omitempty"`
	Directory   *int   `json:"directory,omitempty"`
	Tables      *int   `json:"tables,omitempty"`
	Capacity    *int   `json:"capacity,omitempty"`
	Tombstones  int    `json:"tombstones"`
	MapBytes    int64  `json:"mapBytes"`
	HeapAlloc   uint64 `json:"heapAlloc"`
	HeapObjects uint64 `json:"heapObjects"`
	NextGC      uint64 `json:"nextGC"`
	NumGC       uint32 `json:"numGC"`
}

type churnExtra struct {
	Kind      string        `json:"kind"`
	Inserted  int           `json:"inserted"`
	Deleted   int           `json:"deleted"`
	Rebuilds  int           `json:"rebuilds"`
	RebuildNs []int64       `json:"rebuildNs"`
	LagP50Ns  int64         `json:"lagP50Ns"`
	LagP99Ns  int64         `json:"lagP99Ns"`
	LagMaxNs  int64         `json:"lagMaxNs"`
	Samples   []churnSample `json:"samples"`
}

func runChurn(s *result.Scenario, rec *recorder, res *result.Result) error {
	o, err := newOps(s.Key, s.Value, s.Seed)
	if err != nil {
		return err
	}
	c := s.Churn
	base, err := startPhase(s, o, rec, res)
	if err != nil {
		return err
	}

	ex := &churnExtra{Kind: "churn", RebuildNs: []int64{}}
	rec.open("churn")
	start := time.Now()
	churnStart := rec.now()
	dur := time.Duration(c.DurationMs) * time.Millisecond
	ttl := time.Duration(c.TtlMs) * time.Millisecond
	rate := float64(c.InsertsPerSec)
	var lags []int64
	nextSample := time.Duration(0)
	expired, sinceRebuild := 0, 0
	for {
		el := time.Since(start)
		if el >= dur {
			break
		}
		due := int(el.Seconds() * rate)
		if due > ex.Inserted {
			// lag: how long ago the oldest pending insert was due
			lags = append(lags, int64(el)-int64(float64(ex.Inserted)/rate*1e9))
			o.Insert(ex.Inserted, due)
			ex.Inserted = due
		}
		if c.Delete {
			// key j expires at j/rate + ttl
			upTo := int((el - ttl).Seconds() * rate)
			if upTo > ex.Inserted {
				upTo = ex.Inserted
			}
			if upTo > expired {
				o.Delete(expired, upTo)
				ex.Deleted += upTo - expired
				sinceRebuild += upTo - expired
				expired = upTo
			}
			if s.Rebuild != nil && float64(sinceRebuild) > s.Rebuild.Threshold*float64(o.Len()) && o.Len() > 0 {
				h := o.Len()
				if s.Rebuild.Hint == "half" {
					h /= 2
				}
				ex.RebuildNs = append(ex.RebuildNs, int64(o.Rebuild(h)))
				ex.Rebuilds++
				sinceRebuild = 0
			}
		}
		if el >= nextSample {
			smp, err := churnSnap(o, rec.now()-churnStart)
			if err != nil {
				return err
			}
			ex.Samples = append(ex.Samples, smp)
			nextSample += 100 * time.Millisecond
		}
		time.Sleep(time.Millisecond)
	}
	ph, err := snapshot("churn_end", o, rec, base, span{startNs: churnStart, durNs: rec.now() - churnStart})
	if err != nil {
		return err
	}
	ph.ForcedGcNs = forcedGCs(s.ForcedGcRuns, "churn_end", rec)
	res.Phases = append(res.Phases, ph)
	sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
	if n := len(lags); n > 0 {
		ex.LagP50Ns, ex.LagP99Ns, ex.LagMaxNs = lags[n/2], lags[n*99/100], lags[n-1]
	}
	res.Extra = ex
	rec.open("end")
	runtime.KeepAlive(o)
	return nil
}

func churnSnap(o mapOps, tNs int64) (churnSample, error) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	snap, err := layout.Read(o.Map())
	if err != nil {
		return churnSample{}, err
	}
	smp := churnSample{TNs: tNs, Len: o.Len(), MapBytes: snap.MapBytes(), HeapAlloc: ms.HeapAlloc,
		HeapObjects: ms.HeapObjects, NextGC: ms.NextGC, NumGC: ms.NumGC}
	if c := snap.Classic; c != nil {
		g := c.Growing
		smp.B, smp.Overflow, smp.Growing, smp.Tombstones = intp(c.B), intp(c.OverflowBuckets), &g, c.Tombstones
	}
	if w := snap.Swiss; w != nil {
		smp.Directory, smp.Tables, smp.Capacity, smp.Tombstones = intp(w.Directory), intp(w.Tables), intp(w.Capacity), w.Tombstones
	}
	return smp, nil
}
