// Command stwspike looks for the "time to stop" spike: a goroutine keeps
// filling and clearing a big pointerful map while main forces GCs and
// measures how long each runtime.GC() call and each stop-the-world pause
// takes. The runtime's own histograms (/sched/pauses/stopping/gc:seconds
// is the time to stop the world, /sched/pauses/total/gc:seconds the whole
// pause) are read with runtime/metrics.
//
// On js/wasm there is one P and no preemption of a running goroutine: the
// churning goroutine and main take turns, so the world is already stopped
// whenever main runs, and what grows instead is how long main waits to run
// at all. The program prints which case it measured.
//
// Flags: -n map entries, -gcs forced GCs, -churn (run the churning
// goroutine), -sleep ms between GCs.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync/atomic"
	"time"

	"gomapgclab/playground/experiments/report"
)

type item struct {
	next *item
	pad  [48]byte
}

var rounds atomic.Int64

func churn(n int, stop *atomic.Bool) {
	m := make(map[int]*item, n)
	for !stop.Load() {
		for i := range n {
			m[i] = &item{}
		}
		clear(m)
		rounds.Add(1)
		runtime.Gosched() // without it, on one P main would never run again
	}
}

func quantiles(name string) map[string]float64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		return nil
	}
	h := s[0].Value.Float64Histogram()
	var total uint64
	for _, c := range h.Counts {
		total += c
	}
	out := map[string]float64{"count": float64(total)}
	for _, q := range []float64{0.5, 0.9, 0.99, 1} {
		target := uint64(q * float64(total))
		var seen uint64
		for i, c := range h.Counts {
			seen += c
			if seen >= target && c > 0 || i == len(h.Counts)-1 {
				out[fmt.Sprintf("p%g", q*100)] = h.Buckets[i+1] // upper bound of the bucket
				break
			}
		}
	}
	return out
}

func main() {
	n := flag.Int("n", 1<<20, "entries of the churned map")
	gcs := flag.Int("gcs", 10, "forced GCs")
	withChurn := flag.Bool("churn", true, "run the churning goroutine")
	sleep := flag.Int("sleep", 20, "milliseconds between forced GCs")
	flag.Parse()
	rec := report.Start("stwspike", map[string]any{"n": *n, "gcs": *gcs, "churn": *withChurn, "sleep": *sleep})
	var stop atomic.Bool
	if *withChurn {
		go churn(*n, &stop)
	}
	var calls, wakeLate []int64
	for range *gcs {
		t0 := time.Now()
		time.Sleep(time.Duration(*sleep) * time.Millisecond)
		wakeLate = append(wakeLate, time.Since(t0).Nanoseconds()-int64(*sleep)*1e6)
		t1 := time.Now()
		runtime.GC()
		calls = append(calls, time.Since(t1).Nanoseconds())
	}
	stop.Store(true)
	slices.Sort(calls)
	slices.Sort(wakeLate)
	stopping := quantiles("/sched/pauses/stopping/gc:seconds")
	total := quantiles("/sched/pauses/total/gc:seconds")
	rec.Phase("done", *n, map[string]any{
		"gcCallNs":        calls,
		"wakeLateNs":      wakeLate,
		"churnRounds":     rounds.Load(),
		"stoppingSeconds": stopping,
		"pauseSeconds":    total,
	})
	fmt.Printf("runtime.GC() call: median %v, max %v\n", time.Duration(calls[len(calls)/2]), time.Duration(calls[len(calls)-1]))
	fmt.Printf("main woke late by: median %v, max %v (churn rounds: %d)\n",
		time.Duration(wakeLate[len(wakeLate)/2]), time.Duration(wakeLate[len(wakeLate)-1]), rounds.Load())
	fmt.Printf("time to stop the world (runtime/metrics): %v\n", stopping)
	fmt.Printf("whole GC pauses (runtime/metrics): %v\n", total)
	if runtime.GOMAXPROCS(0) == 1 {
		fmt.Println("GOMAXPROCS=1: no other goroutine runs while main requests the stop, so time-to-stop stays small;")
		fmt.Println("the cost of a non-preemptible map clear shows up as main waking late instead.")
	}
}
