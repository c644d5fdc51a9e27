// Command syncmap compares sync.Map with a map guarded by sync.RWMutex:
// the heap each holds for the same entries, the GC work that follows, and
// the time of a read-mostly workload on -g goroutines.
//
// Flags: -n entries, -ops operations per goroutine, -g goroutines,
// -writes fraction of operations that store.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"time"

	"gomapgclab/playground/experiments/report"
)

type value struct{ b [32]byte }

type rwMap struct {
	mu sync.RWMutex
	m  map[int]*value
}

var (
	sm sync.Map
	rw = &rwMap{m: map[int]*value{}}
)

func work(g, ops int, writes float64, load func(int), store func(int)) time.Duration {
	var wg sync.WaitGroup
	t0 := time.Now()
	for w := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewSource(int64(w)))
			for range ops {
				k := r.Intn(1 << 16)
				if r.Float64() < writes {
					store(k)
				} else {
					load(k)
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(t0)
}

func main() {
	n := flag.Int("n", 100000, "entries")
	ops := flag.Int("ops", 200000, "operations per goroutine")
	g := flag.Int("g", 4, "goroutines")
	writes := flag.Float64("writes", 0.1, "fraction of operations that store")
	flag.Parse()
	rec := report.Start("syncmap", map[string]any{"n": *n, "ops": *ops, "g": *g, "writes": *writes})
	runtime.GC()
	rec.Phase("start", 0, nil)

	for i := range *n {
		sm.Store(i, &value{})
	}
	runtime.GC()
	syncHeap := rec.Phase("sync.Map:filled+gc", *n, nil)
	d := work(*g, *ops, *writes, func(k int) { sm.Load(k) }, func(k int) { sm.Store(k, &value{}) })
	rec.Phase("sync.Map:workload", *n, map[string]any{"workNs": d.Nanoseconds()})
	sm.Clear()
	runtime.GC()
	base := rec.Phase("sync.Map:cleared+gc", 0, nil)

	for i := range *n {
		rw.m[i] = &value{}
	}
	runtime.GC()
	rwHeap := rec.Phase("RWMutex:filled+gc", *n, nil)
	d2 := work(*g, *ops, *writes,
		func(k int) { rw.mu.RLock(); _ = rw.m[k]; rw.mu.RUnlock() },
		func(k int) { rw.mu.Lock(); rw.m[k] = &value{}; rw.mu.Unlock() })
	rec.Phase("RWMutex:workload", *n, map[string]any{"workNs": d2.Nanoseconds()})

	perEntry := func(p report.Phase, b uint64) float64 { return float64(int64(p.HeapAlloc)-int64(b)) / float64(*n) }
	fmt.Printf("heap per entry: sync.Map %.0f B, map+RWMutex %.0f B\n",
		perEntry(syncHeap, base.HeapAlloc), perEntry(rwHeap, base.HeapAlloc))
	fmt.Printf("workload: sync.Map %v, map+RWMutex %v on GOMAXPROCS=%d\n", d, d2, runtime.GOMAXPROCS(0))
}
