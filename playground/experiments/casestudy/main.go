// Command casestudy is the book's case study, before and after the fix: a
// session store map[string]*Session where most sessions have expired. It
// compares three ways to treat expired entries, each in a fresh map:
//
//	flag     mark Expired and keep the entry (the "before")
//	delete   delete(m, k) (the map keeps its size: Go maps never shrink)
//	rebuild  delete, then copy the survivors into a new map (the "after")
//
// After each strategy it forces a GC and reports the live heap, the GC
// cycles and their pauses. Flags: -n sessions, -expired fraction,
// -strategy flag|delete|rebuild|all, -gcruns timed runtime.GC() calls.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"strconv"

	"gomapgclab/playground/experiments/report"
)

// Session is a typical pointerful map value: strings and a payload.
type Session struct {
	ID      string
	User    string
	Expires int64
	Expired bool
	Data    [128]byte
}

var store map[string]*Session // global, so only what the strategy keeps stays reachable

func fill(n int) {
	store = make(map[string]*Session)
	for i := range n {
		id := "s" + strconv.Itoa(i)
		store[id] = &Session{ID: id, User: "u" + strconv.Itoa(i%1000), Expires: int64(i)}
	}
}

// expire treats sessions 0..k-1 (the oldest) as expired.
func expire(strategy string, k int) {
	switch strategy {
	case "flag":
		for id, s := range store {
			if s.Expires < int64(k) {
				store[id].Expired = true
			}
		}
	case "delete", "rebuild":
		for id, s := range store {
			if s.Expires < int64(k) {
				delete(store, id)
			}
		}
		if strategy == "rebuild" {
			fresh := make(map[string]*Session, len(store))
			for id, s := range store {
				fresh[id] = s
			}
			store = fresh
		}
	}
}

func live() int {
	c := 0
	for _, s := range store {
		if !s.Expired {
			c++
		}
	}
	return c
}

func main() {
	n := flag.Int("n", 200000, "sessions")
	expired := flag.Float64("expired", 0.9, "fraction of sessions that expire")
	strategy := flag.String("strategy", "all", "flag, delete, rebuild or all")
	gcruns := flag.Int("gcruns", 3, "timed runtime.GC() calls after each strategy")
	flag.Parse()
	strategies := []string{*strategy}
	if *strategy == "all" {
		strategies = []string{"flag", "delete", "rebuild"}
	}
	k := int(float64(*n) * *expired)
	rec := report.Start("casestudy", map[string]any{"n": *n, "expired": *expired, "strategy": *strategy})
	for _, s := range strategies {
		fill(*n)
		runtime.GC()
		rec.Phase(s+":built", len(store), map[string]any{"strategy": s})
		expire(s, k)
		rec.PhaseWithGC(s+":expired+gc", len(store), *gcruns, map[string]any{"strategy": s, "live": live()})
		fmt.Printf("  %s: %d entries in the map, %d live sessions\n", s, len(store), live())
		store = nil
		runtime.GC()
	}
}
