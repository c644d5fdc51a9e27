// Command swissbytes measures how many heap bytes Go's built-in map holds, for the Swiss-map tests in
// tests/sim/swiss.test.ts. It needs Go 1.24 or newer (Swiss tables) and prints one JSON object per line.
//
// A map's bytes are measured as the drop in HeapAlloc between two runtime.GC() calls, the first with the
// map reachable and the second without it. Keys are int64 and values inline, so the map is the only
// thing that dies in between.
package main

import (
	"encoding/json"
	"os"
	"runtime"
)

type t64 struct{ b [64]byte }

var sink any

func heapAfterGC() int64 {
	runtime.GC()
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return int64(s.HeapAlloc)
}

// liveBytes returns the heap bytes that disappear when sink is cleared: the most frequent value of 5
// tries, because an unrelated runtime allocation or free between the two GCs can shift one try.
func liveBytes(build func() any) int64 {
	seen := map[int64]int{}
	best, bestN := int64(0), 0
	for r := 0; r < 5; r++ {
		sink = build()
		with := heapAfterGC()
		sink = nil
		d := with - heapAfterGC()
		seen[d]++
		if seen[d] > bestN {
			best, bestN = d, seen[d]
		}
	}
	return best
}

type row struct {
	Kind  string `json:"kind"`
	Type  string `json:"type"`
	N     int    `json:"n"`
	Live  int    `json:"live,omitempty"`
	Bytes int64  `json:"bytes"`
}

func main() {
	out := json.NewEncoder(os.Stdout)
	out.Encode(map[string]string{"go": runtime.Version()})
	for _, h := range []int{0, 8, 9, 14, 15, 100, 896, 897, 1000, 10000, 100000, 1000000} {
		out.Encode(row{"make", "string16/ptr64", h, 0, liveBytes(func() any { return make(map[string]*t64, h) })})
		out.Encode(row{"make", "int64/int64", h, 0, liveBytes(func() any { return make(map[int64]int64, h) })})
		out.Encode(row{"make", "string16/string32", h, 0, liveBytes(func() any { return make(map[string]string, h) })})
		out.Encode(row{"make", "int64/struct64", h, 0, liveBytes(func() any { return make(map[int64]t64, h) })})
	}
	// Inserting keys 0..n-1 without a hint; table count (and so bytes) depends on the hash seed.
	for _, n := range []int{9, 1000, 10000, 100000, 1000000} {
		for r := 0; r < 3; r++ {
			out.Encode(row{"grow", "int64/int64", n, 0, liveBytes(func() any {
				m := make(map[int64]int64)
				for i := 0; i < n; i++ {
					m[int64(i)] = 1
				}
				return m
			})})
		}
	}
	// Churn: insert keys 0..199999, deleting key i-live after each insert, so `live` keys stay.
	for _, live := range []int{100, 1000, 5000} {
		for r := 0; r < 3; r++ {
			out.Encode(row{"churn", "int64/int64", 200000, live, liveBytes(func() any {
				m := make(map[int64]int64)
				for i := 0; i < 200000; i++ {
					m[int64(i)] = 1
					if i >= live {
						delete(m, int64(i-live))
					}
				}
				return m
			})})
		}
	}
}
