package main

// The recorder keeps the run's clock, its windows (stretches of the run that
// GC cycles are assigned to by NumGC) and the runtime/metrics samples. It is
// shared by every mode.

import (
	"math"
	"runtime"
	"runtime/metrics"
	"syscall"
	"time"

	"gomapgclab/calibration/internal/result"
)

// Metrics read when the runtime has them (Go >= 1.21 for /gc/scan/*,
// >= 1.22 for /sched/pauses/*). On go1.19 none of the scalar ones exist.
var scalarMetrics = []string{
	"/gc/scan/heap:bytes",
	"/gc/scan/stack:bytes",
	"/gc/scan/globals:bytes",
	"/gc/scan/total:bytes",
	"/gc/heap/live:bytes",
	"/gc/heap/goal:bytes",
	"/gc/heap/objects:objects",
	"/cpu/classes/gc/mark/assist:cpu-seconds",
	"/cpu/classes/gc/mark/dedicated:cpu-seconds",
	"/cpu/classes/gc/mark/idle:cpu-seconds",
	"/cpu/classes/gc/pause:cpu-seconds",
}

const (
	histStopping = "/sched/pauses/stopping/gc:seconds"
	histPaused   = "/sched/pauses/total/gc:seconds"
)

type recorder struct {
	t0      time.Time
	windows []result.Window
	cur     *result.Window
	curHist [2]*metrics.Float64Histogram

	scalars []metrics.Sample
	hists   []metrics.Sample // stopping, paused (only if present)
}

func newRecorder() *recorder {
	r := &recorder{t0: time.Now()}
	have := map[string]bool{}
	for _, d := range metrics.All() {
		have[d.Name] = true
	}
	for _, n := range scalarMetrics {
		if have[n] {
			r.scalars = append(r.scalars, metrics.Sample{Name: n})
		}
	}
	if have[histStopping] && have[histPaused] {
		r.hists = []metrics.Sample{{Name: histStopping}, {Name: histPaused}}
	}
	return r
}

func (r *recorder) now() int64 { return int64(time.Since(r.t0)) }

// span is one timed operation: start (since main), wall duration, and the
// process's CPU time (user+sys of all threads, getrusage) meanwhile. Unlike
// wall time and gctrace's worker times, CPU time does not grow when the
// kernel lets other processes run.
type span struct{ startNs, durNs, cpuNs int64 }

type mark struct{ wall, cpu int64 }

func (r *recorder) mark() mark { return mark{r.now(), cpuNow()} }

func (r *recorder) since(m mark) span {
	return span{startNs: m.wall, durNs: r.now() - m.wall, cpuNs: cpuNow() - m.cpu}
}

// cpuNow is the process's user+sys CPU time in ns.
func cpuNow() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func numGC() uint32 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.NumGC
}

// open starts a window; the previous one, if any, is closed first.
// Consecutive windows share their NumGC boundary, so every cycle lands in
// exactly one window.
func (r *recorder) open(name string) {
	from := uint32(0)
	if r.cur != nil {
		r.close()
		from = r.windows[len(r.windows)-1].NumGcTo
	} else {
		from = numGC()
	}
	r.windows = append(r.windows, result.Window{Name: name, NumGcFrom: from, StartNs: r.now()})
	r.cur = &r.windows[len(r.windows)-1]
	if r.hists != nil {
		metrics.Read(r.hists)
		for i := range r.hists {
			r.curHist[i] = copyHist(r.hists[i].Value.Float64Histogram())
		}
	}
}

func (r *recorder) close() {
	if r.cur == nil {
		return
	}
	r.cur.NumGcTo = numGC()
	r.cur.EndNs = r.now()
	if r.hists != nil {
		metrics.Read(r.hists)
		r.cur.Stopping = histDelta(r.curHist[0], r.hists[0].Value.Float64Histogram())
		r.cur.Paused = histDelta(r.curHist[1], r.hists[1].Value.Float64Histogram())
	}
	r.cur = nil
}

// metricValues reads the scalar metrics (nil on go1.19).
func (r *recorder) metricValues() map[string]float64 {
	if len(r.scalars) == 0 {
		return nil
	}
	metrics.Read(r.scalars)
	out := make(map[string]float64, len(r.scalars))
	for _, s := range r.scalars {
		switch s.Value.Kind() {
		case metrics.KindUint64:
			out[s.Name] = float64(s.Value.Uint64())
		case metrics.KindFloat64:
			out[s.Name] = s.Value.Float64()
		}
	}
	return out
}

// pauses returns MemStats.PauseNs/PauseEnd for every cycle still in the
// 256-entry ring.
func (r *recorder) pauses() []result.GcPause {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var out []result.GcPause
	first := uint32(1)
	if ms.NumGC > 256 {
		first = ms.NumGC - 255
	}
	t0 := r.t0.UnixNano()
	for n := first; n <= ms.NumGC; n++ {
		i := (n + 255) % 256
		out = append(out, result.GcPause{N: n, Ns: ms.PauseNs[i], EndNs: int64(ms.PauseEnd[i]) - t0})
	}
	return out
}

// pausesBetween returns PauseNs of cycles (from, to].
func pausesBetween(from, to uint32) []uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	out := []uint64{}
	for n := from + 1; n <= to; n++ {
		if ms.NumGC-n >= 256 {
			continue
		}
		out = append(out, ms.PauseNs[(n+255)%256])
	}
	return out
}

func copyHist(h *metrics.Float64Histogram) *metrics.Float64Histogram {
	return &metrics.Float64Histogram{
		Counts:  append([]uint64(nil), h.Counts...),
		Buckets: append([]float64(nil), h.Buckets...),
	}
}

// histDelta summarises the samples added between two readings: count, the
// bucket holding the median, and the highest non-empty bucket (upper bounds).
func histDelta(a, b *metrics.Float64Histogram) *result.Hist {
	if a == nil || b == nil || len(a.Counts) != len(b.Counts) {
		return nil
	}
	h := &result.Hist{}
	d := make([]uint64, len(b.Counts))
	for i := range b.Counts {
		d[i] = b.Counts[i] - a.Counts[i]
		h.Count += int64(d[i])
	}
	if h.Count == 0 {
		return h
	}
	var acc int64
	for i, c := range d {
		if c == 0 {
			continue
		}
		upper := b.Buckets[i+1] * 1e9
		if math.IsInf(upper, 1) {
			upper = b.Buckets[i] * 1e9
		}
		if acc < (h.Count+1)/2 && acc+int64(c) >= (h.Count+1)/2 {
			h.P50 = upper
		}
		acc += int64(c)
		h.Max = upper
	}
	return h
}
