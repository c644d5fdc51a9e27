// Command evacuation-go119 measures how a classic Go map (Go 1.19) finishes an incremental growth:
// how many writes it takes until oldbuckets is released, and that reads make no progress.
// It reads the runtime's map header through unsafe, so it runs only on Go 1.19.x.
//
//	/usr/lib/go-1.19/bin/go run tests/book/experiments/evacuation-go119/main.go
//
// Used by chapter 3, section 3.3 (claim 3.3.5) and checked by tests/book/ch3-5.test.ts.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"unsafe"
)

// hmap mirrors the header of go1.19 runtime/map.go.
type hmap struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      unsafe.Pointer
}

func header(m map[int64]int64) *hmap { return *(**hmap)(unsafe.Pointer(&m)) }

// grown returns a map whose growth from B=16 to B=17 has just started, and the next unused key.
func grown() (map[int64]int64, int64) {
	m := make(map[int64]int64)
	var k int64
	for header(m).B < 17 {
		m[k] = k
		k++
	}
	return m, k
}

func main() {
	if !strings.HasPrefix(runtime.Version(), "go1.19") {
		fmt.Fprintln(os.Stderr, "needs Go 1.19 (classic maps), not", runtime.Version())
		os.Exit(2)
	}

	// Inserts, counting the one that started the growth.
	m, k := grown()
	start, writes := k, 1
	for header(m).oldbuckets != nil {
		m[k] = k
		k++
		writes++
	}
	fmt.Printf("insert: growth started at count %d, %d writes to finish\n", start, writes)

	// Deletes of existing keys, counting the insert that started the growth.
	m, _ = grown()
	writes = 1
	for d := int64(0); header(m).oldbuckets != nil; d++ {
		delete(m, d)
		writes++
	}
	fmt.Printf("delete: %d writes to finish\n", writes)

	// Reads only.
	m, k = grown()
	var sum int64
	for i := int64(0); i < 1_000_000; i++ {
		sum += m[i%k]
	}
	fmt.Printf("read: 1000000 reads, nevacuate=%d, oldbuckets released=%v (sum %d)\n", header(m).nevacuate, header(m).oldbuckets == nil, sum)
}
