// GOGC sets how far the heap may grow past the live heap before the next
// GC starts: the lower it is, the more cycles the same garbage costs. The
// counts come from runtime.MemStats; each cycle's heap goal is in the GC
// panel of the playground (gctrace).
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

var (
	keep [][]byte // 8 MiB that stays live
	sink []byte   // makes each buffer escape to the heap
)

func churn() {
	for i := 0; i < 8192; i++ {
		sink = make([]byte, 8<<10) // garbage as soon as the next one replaces it
	}
}

func main() {
	for i := 0; i < 128; i++ {
		keep = append(keep, make([]byte, 64<<10))
	}
	for _, gogc := range []int{50, 100, 200} {
		old := debug.SetGCPercent(gogc)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		churn()
		runtime.ReadMemStats(&after)
		fmt.Printf("GOGC=%-3d  GC cycles while allocating 64 MiB: %d\n", gogc, after.NumGC-before.NumGC)
		debug.SetGCPercent(old)
	}
}
