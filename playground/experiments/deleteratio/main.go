// Command deleteratio inserts n keys, deletes a fraction of them (oldest
// first), forces a GC, then optionally rebuilds the map into a new one
// sized by a hint and forces a GC again. The phases are the simulator's
// (calibration/FORMAT.md): insert, delete, gc, rebuild_gc.
//
// Flags: -n, -ratio, -value ptr64|struct64 (a pointer to a 64-byte
// pointer-free struct, or the struct inline: the map's memory is then
// noscan), -hint live|half (make(map, len) or make(map, len/2) as the
// report's code does), -rebuild, -gcruns.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"gomapgclab/playground/experiments/report"
)

type payload struct{ b [64]byte }

var (
	ptrMap    map[int64]*payload
	inlineMap map[int64]payload
)

func main() {
	n := flag.Int("n", 200000, "keys inserted")
	ratio := flag.Float64("ratio", 0.9, "fraction deleted, oldest first")
	value := flag.String("value", "ptr64", "ptr64 or struct64")
	hint := flag.String("hint", "live", "rebuild hint: live or half")
	rebuild := flag.Bool("rebuild", true, "rebuild after deleting")
	gcruns := flag.Int("gcruns", 3, "timed runtime.GC() calls")
	flag.Parse()
	if *value != "ptr64" && *value != "struct64" || *hint != "live" && *hint != "half" {
		fmt.Fprintln(os.Stderr, "deleteratio: -value must be ptr64 or struct64, -hint live or half")
		os.Exit(2)
	}
	rec := report.Start("deleteratio", map[string]any{"n": *n, "ratio": *ratio, "value": *value, "hint": *hint, "rebuild": *rebuild})
	k := int64(float64(*n) * *ratio)
	ptr := *value == "ptr64"
	size := func() int {
		if ptr {
			return len(ptrMap)
		}
		return len(inlineMap)
	}
	rec.Phase("start", 0, nil)
	if ptr {
		ptrMap = map[int64]*payload{}
		for i := range int64(*n) {
			ptrMap[i] = &payload{}
		}
	} else {
		inlineMap = map[int64]payload{}
		for i := range int64(*n) {
			inlineMap[i] = payload{}
		}
	}
	rec.PhaseWithGC("insert", size(), *gcruns, nil)
	for i := range k {
		if ptr {
			delete(ptrMap, i)
		} else {
			delete(inlineMap, i)
		}
	}
	rec.Phase("delete", size(), nil)
	rec.PhaseWithGC("gc", size(), *gcruns, nil)
	if !*rebuild {
		return
	}
	h := size()
	if *hint == "half" {
		h /= 2
	}
	if ptr {
		fresh := make(map[int64]*payload, h)
		for k, v := range ptrMap {
			fresh[k] = v
		}
		ptrMap = fresh
	} else {
		fresh := make(map[int64]payload, h)
		for k, v := range inlineMap {
			fresh[k] = v
		}
		inlineMap = fresh
	}
	runtime.GC()
	rec.PhaseWithGC("rebuild_gc", size(), *gcruns, map[string]any{"hint": h})
}
