// Package result holds the scenario and result shapes of calibration/FORMAT.md
// (v1 plus the extensions documented there). The child program fills a
// Result; the runner adds source, host contention and the gctrace cycles.
//
// Units: bytes and nanoseconds, as integers. Times named *Ns without further
// note are relative to the child's main() start.
package result

import (
	"fmt"

	"gomapgclab/calibration/internal/gctrace"
	"gomapgclab/calibration/internal/layout"
)

// Rebuild: after the deletes and the forced GC, copy the live entries into
// make(map, h) when deleted >= Threshold*peak ("live": h = len, "half": len/2).
type Rebuild struct {
	Threshold float64 `json:"threshold"`
	Hint      string  `json:"hint"`
}

// Churn: paced inserts with a TTL; Delete removes expired keys.
type Churn struct {
	DurationMs    int  `json:"durationMs"`
	InsertsPerSec int  `json:"insertsPerSec"`
	TtlMs         int  `json:"ttlMs"`
	Delete        bool `json:"delete"`
}

// Tts (extension): time-to-stop experiment. A goroutine repeats Op on a map
// of the scenario's key/value type while main forces Gcs collections.
//
//	op "make":  m = make(map[K]V, Hint) in a loop
//	op "clear": a map made with Hint holding one entry, emptied by the
//	            range-delete idiom (compiled to mapclear) and refilled
//	op "idle":  no background work (baseline)
type Tts struct {
	Op    string `json:"op"`
	Hint  int    `json:"hint"`
	Gcs   int    `json:"gcs"`
	GapMs int    `json:"gapMs"`
}

// SyncMap (extension): sync.Map vs map+RWMutex with Writers goroutines,
// string16 keys, a new *[64]byte-struct value per Store.
//
//	work "insert": Ops new keys; "update": Ops Stores over Keys preloaded keys;
//	"churn": Ops Stores, each writer deleting the key Keys/Writers behind (Keys live).
type SyncMap struct {
	Impl    string `json:"impl"` // "syncmap" | "rwmutex"
	Work    string `json:"work"`
	Ops     int    `json:"ops"`
	Keys    int    `json:"keys"`
	Writers int    `json:"writers"`
}

// Rules (extension): exact bytes of make(map, hint) with the GC off, and the
// counts at which the structure grows while inserting GrowMax keys.
type Rules struct {
	Hints   []int `json:"hints"`
	GrowMax int   `json:"growMax"`
}

// Scenario is FORMAT.md's scenario object.
type Scenario struct {
	Version      int      `json:"version"`
	Impl         string   `json:"impl"`
	Key          string   `json:"key"`
	Value        string   `json:"value"`
	N            int      `json:"n"`
	Hint         int      `json:"hint"`
	DeleteRatio  float64  `json:"deleteRatio"`
	Rebuild      *Rebuild `json:"rebuild"`
	Churn        *Churn   `json:"churn"`
	Gogc         int      `json:"gogc"`
	Gomemlimit   *int64   `json:"gomemlimit"`
	Gomaxprocs   int      `json:"gomaxprocs"`
	ForcedGcRuns int      `json:"forcedGcRuns"`
	Seed         int64    `json:"seed"`

	// Extensions. Mode "" means "map" (the FORMAT v1 scenario).
	Mode string `json:"mode,omitempty"` // map | tts | syncmap | rules | micro
	// Warm: before the start phase, run the insert workload once into a
	// throwaway map and collect it, so the measured phases reuse heap pages
	// that are already faulted in (with GOGC=off every allocation would
	// otherwise touch fresh memory and the insert cost would be page faults).
	Warm    bool     `json:"warm,omitempty"`
	Tts     *Tts     `json:"tts,omitempty"`
	SyncMap *SyncMap `json:"syncmap,omitempty"`
	Rules   *Rules   `json:"rules,omitempty"`
}

// Keys and values FORMAT.md allows.
var (
	Keys   = []string{"int64", "string16"}
	Values = []string{"int64", "struct64", "string32", "ptr64", "ptr256", "ptr1024", "ptrshared"}
)

func in(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Validate reports the first invalid field by name.
func (s *Scenario) Validate() error {
	switch {
	case s.Version != 1:
		return fmt.Errorf("invalid version: %d (expected 1)", s.Version)
	case s.Impl != "classic" && s.Impl != "swiss":
		return fmt.Errorf("invalid impl: %q (expected classic|swiss)", s.Impl)
	case !in(s.Key, Keys):
		return fmt.Errorf("invalid key: %q (expected %v)", s.Key, Keys)
	case !in(s.Value, Values):
		return fmt.Errorf("invalid value: %q (expected %v)", s.Value, Values)
	case s.N < 0:
		return fmt.Errorf("invalid n: %d", s.N)
	case s.Hint < 0:
		return fmt.Errorf("invalid hint: %d", s.Hint)
	case s.DeleteRatio < 0 || s.DeleteRatio > 1:
		return fmt.Errorf("invalid deleteRatio: %v (expected 0..1)", s.DeleteRatio)
	case s.Gomaxprocs < 1:
		return fmt.Errorf("invalid gomaxprocs: %d", s.Gomaxprocs)
	case s.Gogc < -1 || s.Gogc == 0:
		return fmt.Errorf("invalid gogc: %d (-1 = off)", s.Gogc)
	case s.ForcedGcRuns < 0:
		return fmt.Errorf("invalid forcedGcRuns: %d", s.ForcedGcRuns)
	case s.Rebuild != nil && s.Rebuild.Hint != "live" && s.Rebuild.Hint != "half":
		return fmt.Errorf("invalid rebuild.hint: %q (expected live|half)", s.Rebuild.Hint)
	case s.Churn != nil && (s.Churn.DurationMs <= 0 || s.Churn.InsertsPerSec <= 0 || s.Churn.TtlMs <= 0):
		return fmt.Errorf("invalid churn: %+v", *s.Churn)
	}
	switch s.Mode {
	case "", "map", "rules", "micro":
	case "tts":
		if s.Tts == nil || (s.Tts.Op != "make" && s.Tts.Op != "clear" && s.Tts.Op != "idle") || s.Tts.Gcs < 1 {
			return fmt.Errorf("invalid tts: %+v", s.Tts)
		}
	case "syncmap":
		if s.SyncMap == nil || (s.SyncMap.Impl != "syncmap" && s.SyncMap.Impl != "rwmutex") || s.SyncMap.Writers < 1 {
			return fmt.Errorf("invalid syncmap: %+v", s.SyncMap)
		}
	default:
		return fmt.Errorf("invalid mode: %q", s.Mode)
	}
	return nil
}

// ForcedGc summarises timed runtime.GC() calls (wall time of each call).
type ForcedGc struct {
	Median int64   `json:"median"`
	Min    int64   `json:"min"`
	Max    int64   `json:"max"`
	Runs   int     `json:"runs"`
	Ns     []int64 `json:"ns"`
	// Process CPU time (getrusage user+sys) during each call: mark, sweep and
	// STW work of all threads; unlike gctrace's worker times it does not
	// count time the kernel gave to other processes.
	CpuNs []int64 `json:"cpuNs,omitempty"`
	// HeapAlloc and HeapObjects after the last call: the live heap.
	LiveHeap    uint64 `json:"liveHeap"`
	LiveObjects uint64 `json:"liveObjects"`
	// Go >= 1.21: /gc/scan/heap:bytes after the last call = its heap scan work.
	ScanHeapMetric *int64 `json:"scanHeapMetric,omitempty"`
}

// Hist summarises the change of a runtime/metrics time histogram over a window.
type Hist struct {
	Count int64   `json:"count"`
	P50   float64 `json:"p50Ns"` // bucket upper bounds, ns
	Max   float64 `json:"maxNs"`
}

// Phase is one snapshot (FORMAT.md "phases"). Pointer fields are null when
// they do not apply to the implementation.
type Phase struct {
	Phase           string    `json:"phase"`
	Count           int       `json:"count"`
	B               *int      `json:"B"`
	Buckets         *int      `json:"buckets"`
	OverflowBuckets *int      `json:"overflowBuckets"`
	Directory       *int      `json:"directory"`
	Tables          *int      `json:"tables"`
	Groups          *int      `json:"groups"`
	Capacity        *int      `json:"capacity"`
	Tombstones      *int      `json:"tombstones"`
	MapBytes        int64     `json:"mapBytes"`
	HeapAlloc       uint64    `json:"heapAlloc"`
	HeapInuse       uint64    `json:"heapInuse"`
	HeapObjects     uint64    `json:"heapObjects"`
	NumGC           uint32    `json:"numGC"`
	PauseTotalNs    uint64    `json:"pauseTotalNs"`
	ForcedGcNs      *ForcedGc `json:"forcedGcNs"`

	// Extensions.
	StartNs     int64            `json:"startNs"` // op start, since main()
	DurNs       int64            `json:"durNs"`   // the phase's own operation (insert loop, delete loop, GC, rebuild copy)
	CpuNs       int64            `json:"cpuNs"`   // process CPU time (getrusage) during that operation
	GcNs        int64            `json:"gcNs,omitempty"`
	Noverflow   *int             `json:"noverflow"`
	Growing     *bool            `json:"growing"`
	Map         *layout.Snapshot `json:"map"`
	NumForcedGC uint32           `json:"numForcedGC"`
	TotalAlloc  uint64           `json:"totalAlloc"`
	Mallocs     uint64           `json:"mallocs"`
	NextGC      uint64           `json:"nextGC"`
	// HeapDelta = HeapAlloc - HeapAlloc at the baseline (after the first GC, before make).
	HeapDelta int64 `json:"heapDelta"`
	// Start phase: HeapAlloc delta of make(map, hint) alone (nil if a GC ran in between).
	MakeHeapDelta *int64 `json:"makeHeapDelta,omitempty"`
	// After a forced GC: mapBytes + count * (heap bytes of one key + one value object).
	LiveExpected *int64 `json:"liveExpected,omitempty"`
	// PauseNs of the GC cycles that completed during this phase's operation.
	PausesNs []uint64 `json:"pausesNs"`
	// Go >= 1.21 runtime/metrics, read at the end of the phase (absent on 1.19).
	Metrics map[string]float64 `json:"metrics,omitempty"`
}

// Window is a stretch of the run; cycles are assigned to the window in which
// they completed (NumGC in (NumGcFrom, NumGcTo]).
type Window struct {
	Name      string `json:"name"`
	NumGcFrom uint32 `json:"numGcFrom"`
	NumGcTo   uint32 `json:"numGcTo"`
	StartNs   int64  `json:"startNs"`
	EndNs     int64  `json:"endNs"`
	// Go >= 1.22: changes of /sched/pauses/{stopping,total}/gc:seconds over the window.
	Stopping *Hist `json:"stoppingGc,omitempty"`
	Paused   *Hist `json:"pausesGc,omitempty"`
}

// GcPause is MemStats.PauseNs/PauseEnd for one cycle (exact STW sum).
type GcPause struct {
	N     uint32 `json:"n"`
	Ns    uint64 `json:"ns"`
	EndNs int64  `json:"endNs"` // end of the cycle's last pause, since main()
}

// Cycle is a gctrace cycle joined with the child's windows and pauses.
type Cycle struct {
	gctrace.Cycle
	StartNs int64  `json:"startNs"` // since main(): pause end - (stw1 + mark + stw2); -1 if unknown
	EndNs   int64  `json:"endNs"`   // since main(), from MemStats.PauseEnd; -1 if unknown
	PauseNs *int64 `json:"pauseNs"` // MemStats.PauseNs: both STW pauses, ns resolution
	Window  string `json:"window"`
}

// Host describes contention during one child run (from /proc/stat).
type Host struct {
	WallNs       int64   `json:"wallNs"`
	ChildCpuNs   int64   `json:"childCpuNs"`
	BusyCores    float64 `json:"busyCores"`
	ForeignCores float64 `json:"foreignCores"` // (busy - child CPU) / wall
	StealCores   float64 `json:"stealCores"`
	Load1        float64 `json:"load1"`
	MaxRssKb     int64   `json:"maxRssKb"`
}

// Result is FORMAT.md's result object plus extensions.
type Result struct {
	Scenario  Scenario `json:"scenario"`
	Source    string   `json:"source"`
	Case      string   `json:"case,omitempty"`
	Group     string   `json:"group,omitempty"`
	Rep       int      `json:"rep,omitempty"`
	GoVersion string   `json:"goVersion"`
	Goarch    string   `json:"goarch"`
	CPU       string   `json:"cpu"`
	Cores     int      `json:"cores"`
	Phases    []Phase  `json:"phases"`
	Cycles    []Cycle  `json:"cycles"`

	Windows  []Window    `json:"windows"`
	GcPauses []GcPause   `json:"gcPauses"`
	Host     *Host       `json:"host,omitempty"`
	Extra    interface{} `json:"extra,omitempty"` // mode-specific: tts, syncmap, churn, rules, micro
	Errors   []string    `json:"errors,omitempty"`
}

// PhaseByName returns the named phase or nil.
func (r *Result) PhaseByName(name string) *Phase {
	for i := range r.Phases {
		if r.Phases[i].Phase == name {
			return &r.Phases[i]
		}
	}
	return nil
}
