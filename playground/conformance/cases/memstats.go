// runtime.GC and MemStats: a map built in a function is garbage once the
// function has returned; a forced GC frees it and NumForcedGC counts it.
package main

import (
	"fmt"
	"runtime"
)

type session struct {
	id   int
	data [256]byte
}

func heapMiB() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

var full float64

func build(n int) int {
	m := make(map[int]*session)
	for i := 0; i < n; i++ {
		m[i] = &session{id: i}
	}
	runtime.GC()
	full = heapMiB()
	return len(m)
}

func main() {
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	fmt.Println("entries:", build(50000))
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Println("map held more than 10 MiB:", full > 10)
	fmt.Println("freed after return:", float64(after.HeapAlloc)/(1<<20) < full/4)
	fmt.Println("forced GCs counted:", after.NumForcedGC-before.NumForcedGC)
}
