// A map keeps its buckets after delete: Go maps never shrink. Insert n
// sessions, delete 90 % of them, then copy the survivors into a new map.
// HeapAlloc after a forced GC shows where the memory goes. The map is a
// global, so only what the program still uses stays reachable (in the
// interpreter, a local variable would keep its old map alive until the
// function returns).
package main

import (
	"fmt"
	"runtime"
)

type Session struct {
	ID      int
	Payload [64]byte
}

var store map[int]*Session

func heapMiB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

func fill(n int) {
	store = make(map[int]*Session)
	for i := 0; i < n; i++ {
		store[i] = &Session{ID: i}
	}
}

func rebuild() {
	fresh := make(map[int]*Session, len(store))
	for k, v := range store {
		fresh[k] = v
	}
	store = fresh
}

func main() {
	const n = 50_000
	fmt.Printf("start      heap %5.1f MiB\n", heapMiB())
	fill(n)
	fmt.Printf("inserted   len=%6d  heap %5.1f MiB\n", len(store), heapMiB())
	for i := 0; i < n*9/10; i++ {
		delete(store, i)
	}
	fmt.Printf("deleted    len=%6d  heap %5.1f MiB\n", len(store), heapMiB())
	rebuild()
	fmt.Printf("rebuilt    len=%6d  heap %5.1f MiB\n", len(store), heapMiB())
	store = nil
	fmt.Printf("dropped    heap %5.1f MiB\n", heapMiB())
}
