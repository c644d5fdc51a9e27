// Command presize shows what make(map[int64]int64, 16) really buys: it inserts 64 keys and prints
// every insert that allocated, with the bytes it allocated. Run it on both map implementations:
//
//	/usr/lib/go-1.19/bin/go run tests/book/experiments/presize/main.go
//	go run tests/book/experiments/presize/main.go
//
// Classic maps (Go ≤ 1.23): the hint gives B=2, 4 buckets of 8 slots; the map grows to B=3 (a 1152-byte
// array of 144-byte buckets) at insert 27, and a bucket that fills up earlier gets a 144-byte overflow
// bucket. Swiss maps (Go 1.24+): the hint gives a 32-slot table, which grows at insert 29.
//
// Used by chapter 4, section 4.4 (claim 4.4.2) and checked by tests/book/ch3-5.test.ts.
package main

import (
	"fmt"
	"runtime"
)

type event struct{ insert, bytes uint64 }

func main() {
	var ms runtime.MemStats
	var events [64]event // fixed size: recording must not allocate
	n := 0
	runtime.GC()
	m := make(map[int64]int64, 16)
	runtime.ReadMemStats(&ms)
	mallocs, total := ms.Mallocs, ms.TotalAlloc
	for i := int64(1); i <= 64; i++ {
		m[i] = i
		runtime.ReadMemStats(&ms)
		if ms.Mallocs != mallocs {
			events[n] = event{uint64(i), ms.TotalAlloc - total}
			n++
			mallocs, total = ms.Mallocs, ms.TotalAlloc
		}
	}
	fmt.Println(runtime.Version())
	for _, e := range events[:n] {
		fmt.Printf("insert %d: +%d bytes\n", e.insert, e.bytes)
	}
}
