// Package report is the small shared part of the book's experiments: it
// reads runtime.MemStats at the end of each phase and prints the result
// twice, as one JSON line for the page's charts and as a line of text for
// the reader.
//
// JSON lines start with {"kind": and use the field names of the
// simulator's result format (calibration/FORMAT.md: phase, count,
// heapAlloc, heapInuse, heapObjects, numGC, pauseTotalNs, forcedGcNs), so
// a real run and a simulated one can be drawn on one chart. Sizes are
// bytes and times nanoseconds, as integers. GC cycles are not printed here:
// the page parses them from the runtime's own GODEBUG=gctrace=1 lines on
// standard error.
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"
)

// Meta is printed once, first: which experiment, with which parameters,
// on which runtime.
type Meta struct {
	Kind       string         `json:"kind"` // "meta"
	Experiment string         `json:"experiment"`
	Go         string         `json:"go"`
	Platform   string         `json:"platform"`
	GOMAXPROCS int            `json:"gomaxprocs"`
	Params     map[string]any `json:"params"`
}

// Phase is one phase's snapshot.
type Phase struct {
	Kind         string         `json:"kind"` // "phase"
	Phase        string         `json:"phase"`
	Count        int            `json:"count"`
	ElapsedNs    int64          `json:"elapsedNs"` // since the previous phase ended
	HeapAlloc    uint64         `json:"heapAlloc"`
	HeapInuse    uint64         `json:"heapInuse"`
	HeapObjects  uint64         `json:"heapObjects"`
	HeapSys      uint64         `json:"heapSys"`
	NextGC       uint64         `json:"nextGC"`
	TotalAlloc   uint64         `json:"totalAlloc"`
	NumGC        uint32         `json:"numGC"`
	NumForcedGC  uint32         `json:"numForcedGC"`
	PauseTotalNs uint64         `json:"pauseTotalNs"`
	PausesNs     []uint64       `json:"pausesNs"` // pauses of the cycles since the previous phase, oldest first
	ForcedGcNs   *GCTiming      `json:"forcedGcNs,omitempty"`
	Extra        map[string]any `json:"extra,omitempty"`
}

// GCTiming is the wall time of timed runtime.GC() calls.
type GCTiming struct {
	Median int64 `json:"median"`
	Min    int64 `json:"min"`
	Max    int64 `json:"max"`
	Runs   int   `json:"runs"`
}

// Recorder remembers where the previous phase ended.
type Recorder struct {
	last   time.Time
	lastGC uint32
}

// Start prints the meta line and returns a recorder whose clock starts now.
func Start(experiment string, params map[string]any) *Recorder {
	emit(Meta{Kind: "meta", Experiment: experiment, Go: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, GOMAXPROCS: runtime.GOMAXPROCS(0), Params: params})
	fmt.Printf("%s on %s %s/%s, GOMAXPROCS=%d, params %v\n", experiment, runtime.Version(),
		runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), params)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return &Recorder{last: time.Now(), lastGC: ms.NumGC}
}

// Phase reads MemStats, prints the phase and returns it.
func (r *Recorder) Phase(name string, count int, extra map[string]any) Phase {
	now := time.Now()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p := Phase{Kind: "phase", Phase: name, Count: count, ElapsedNs: now.Sub(r.last).Nanoseconds(),
		HeapAlloc: ms.HeapAlloc, HeapInuse: ms.HeapInuse, HeapObjects: ms.HeapObjects, HeapSys: ms.HeapSys,
		NextGC: ms.NextGC, TotalAlloc: ms.TotalAlloc, NumGC: ms.NumGC, NumForcedGC: ms.NumForcedGC,
		PauseTotalNs: ms.PauseTotalNs, PausesNs: pausesSince(&ms, r.lastGC), Extra: extra}
	r.print(p)
	r.last, r.lastGC = time.Now(), ms.NumGC
	return p
}

// PhaseWithGC runs runtime.GC() `runs` times, timing each, then records the
// phase with the timings (FORMAT.md's forcedGcNs).
func (r *Recorder) PhaseWithGC(name string, count, runs int, extra map[string]any) Phase {
	t := TimeGC(runs)
	now := time.Now()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p := Phase{Kind: "phase", Phase: name, Count: count, ElapsedNs: now.Sub(r.last).Nanoseconds(),
		HeapAlloc: ms.HeapAlloc, HeapInuse: ms.HeapInuse, HeapObjects: ms.HeapObjects, HeapSys: ms.HeapSys,
		NextGC: ms.NextGC, TotalAlloc: ms.TotalAlloc, NumGC: ms.NumGC, NumForcedGC: ms.NumForcedGC,
		PauseTotalNs: ms.PauseTotalNs, PausesNs: pausesSince(&ms, r.lastGC), ForcedGcNs: &t, Extra: extra}
	r.print(p)
	r.last, r.lastGC = time.Now(), ms.NumGC
	return p
}

// TimeGC calls runtime.GC() runs times (at least once) and returns the
// wall-time spread.
func TimeGC(runs int) GCTiming {
	runs = max(runs, 1)
	d := make([]int64, runs)
	for i := range d {
		t0 := time.Now()
		runtime.GC()
		d[i] = time.Since(t0).Nanoseconds()
	}
	slices.Sort(d)
	return GCTiming{Median: d[len(d)/2], Min: d[0], Max: d[len(d)-1], Runs: runs}
}

// pausesSince returns the stop-the-world pauses of the cycles after `from`
// (MemStats keeps the last 256).
func pausesSince(ms *runtime.MemStats, from uint32) []uint64 {
	n := ms.NumGC - from
	n = min(n, 256)
	out := make([]uint64, 0, n)
	for i := ms.NumGC - n; i < ms.NumGC; i++ {
		out = append(out, ms.PauseNs[i%256])
	}
	return out
}

func (r *Recorder) print(p Phase) {
	emit(p)
	line := fmt.Sprintf("%-14s n=%-8d %8.1f ms  HeapAlloc=%s HeapInuse=%s objects=%d NumGC=%d pauses=%s",
		p.Phase, p.Count, float64(p.ElapsedNs)/1e6, MiB(p.HeapAlloc), MiB(p.HeapInuse), p.HeapObjects, p.NumGC,
		time.Duration(p.PauseTotalNs))
	if p.ForcedGcNs != nil {
		line += fmt.Sprintf(" runtime.GC()=%v (median of %d)", time.Duration(p.ForcedGcNs.Median), p.ForcedGcNs.Runs)
	}
	fmt.Println(line)
}

// Emit prints any value as one JSON line; v should have a "kind" field.
func Emit(v any) { emit(v) }

func emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		return
	}
	os.Stdout.Write(append(b, '\n'))
}

// MiB formats a byte count.
func MiB(b uint64) string { return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20)) }
