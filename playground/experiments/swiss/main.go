// Command swiss shows how a Swiss-table map (Go 1.24+) grows on the
// running runtime: as keys are inserted it reads the map's internal header
// and tables through unsafe, and reports the directory length, the global
// depth, every table's capacity, used slots, growthLeft and local depth,
// plus the heap the map holds.
//
// The layout mirrored below is internal/runtime/maps (map.go, table.go,
// group.go) of Go 1.24-1.26. Internals can change in any release, so the
// program checks its reading against len(m) and refuses to guess when
// they disagree or the runtime is not 1.24-1.26.
//
// Flags: -n largest size, -sizes comma-separated sizes to report at (the
// default reports at each power of two and 7/8 steps).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

	"gomapgclab/playground/experiments/report"
)

// swissMap mirrors maps.Map.
type swissMap struct {
	used              uint64
	seed              uintptr
	dirPtr            unsafe.Pointer
	dirLen            int
	globalDepth       uint8
	globalShift       uint8
	writing           uint8
	tombstonePossible bool
	clearSeq          uint64
}

// swissTable mirrors maps.table with its groupsReference inlined.
type swissTable struct {
	used, capacity, growthLeft uint16
	localDepth                 uint8
	index                      int
	groups                     unsafe.Pointer
	lengthMask                 uint64
}

type tableInfo struct {
	Capacity   uint16 `json:"capacity"`
	Used       uint16 `json:"used"`
	GrowthLeft uint16 `json:"growthLeft"`
	LocalDepth uint8  `json:"localDepth"`
}

type layout struct {
	Kind        string      `json:"kind"` // "swiss"
	Len         int         `json:"len"`
	DirLen      int         `json:"dirLen"` // 0: a small map, one group of 8 slots, no table
	GlobalDepth uint8       `json:"globalDepth"`
	Tables      []tableInfo `json:"tables"` // distinct tables, in directory order
	Slots       int         `json:"slots"`  // total capacity
	HeapAlloc   uint64      `json:"heapAlloc"`
}

func inspect(m map[int64]int64) (layout, error) {
	h := *(**swissMap)(unsafe.Pointer(&m))
	l := layout{Kind: "swiss", Len: len(m), DirLen: h.dirLen, GlobalDepth: h.globalDepth}
	if int(h.used) != len(m) {
		return l, fmt.Errorf("header used=%d but len=%d: layout differs from Go 1.24-1.26", h.used, len(m))
	}
	if h.dirLen == 0 {
		l.Slots = 8
		return l, nil
	}
	dir := unsafe.Slice((**swissTable)(h.dirPtr), h.dirLen)
	var seen *swissTable
	total := 0
	for _, t := range dir {
		if t == seen { // a table of local depth d fills 2^(global-d) directory slots
			continue
		}
		seen = t
		l.Tables = append(l.Tables, tableInfo{t.capacity, t.used, t.growthLeft, t.localDepth})
		l.Slots += int(t.capacity)
		total += int(t.used)
	}
	if total != len(m) {
		return l, fmt.Errorf("tables hold %d entries but len=%d: layout differs", total, len(m))
	}
	return l, nil
}

func main() {
	n := flag.Int("n", 20000, "largest size")
	sizesFlag := flag.String("sizes", "", "comma-separated sizes to report at")
	flag.Parse()
	v := runtime.Version()
	if !(strings.HasPrefix(v, "go1.24") || strings.HasPrefix(v, "go1.25") || strings.HasPrefix(v, "go1.26")) {
		fmt.Fprintf(os.Stderr, "swiss: %s is not Go 1.24-1.26; the internal layout is unknown\n", v)
		os.Exit(1)
	}
	var sizes []int
	if *sizesFlag != "" {
		for _, s := range strings.Split(*sizesFlag, ",") {
			k, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || k < 0 {
				fmt.Fprintln(os.Stderr, "swiss: bad -sizes entry", s)
				os.Exit(2)
			}
			sizes = append(sizes, k)
		}
	} else {
		for p := 8; p <= *n; p *= 2 { // around each doubling: 7/8 full, then just past it
			sizes = append(sizes, p*7/8, p*7/8+1)
		}
		sizes = append(sizes, *n)
	}
	report.Start("swiss", map[string]any{"n": *n, "sizes": sizes})
	m := map[int64]int64{}
	var base runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	next := 0
	for i := int64(0); next < len(sizes); i++ {
		for next < len(sizes) && int(i) == sizes[next] {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			l, err := inspect(m)
			if err != nil {
				fmt.Fprintln(os.Stderr, "swiss:", err)
				os.Exit(1)
			}
			l.HeapAlloc = ms.HeapAlloc - min(ms.HeapAlloc, base.HeapAlloc)
			report.Emit(l)
			fmt.Printf("len=%-7d dirLen=%-4d globalDepth=%d tables=%-4d slots=%-7d load=%.3f heap=%.1fKiB\n",
				l.Len, l.DirLen, l.GlobalDepth, len(l.Tables), l.Slots, float64(l.Len)/float64(l.Slots), float64(l.HeapAlloc)/1024)
			next++
		}
		m[i] = i
	}
}
