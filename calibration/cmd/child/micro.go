package main

// Micro-measurements for cost constants that no map scenario isolates:
//
//	emptygc: 20 timed runtime.GC() on a nearly empty heap (window "emptygc"):
//	         the fixed cost of a forced cycle and of its mark phase.
//	alloc:   allocating objects of one size (noscan []byte or pointerful
//	         []*p64), 64 MiB per trial, GC off, least process CPU of 3 trials:
//	         ns per object and per byte (includes zeroing and, for fresh
//	         spans, page faults).
//	memclr:  zeroing a 256 MiB []byte (memclrNoHeapPointers) and a []*p64
//	         (memclrHasPointers, GC idle): bytes per CPU ns, best of 3 trials.

import (
	"runtime"
	"runtime/debug"

	"gomapgclab/calibration/internal/result"
	"gomapgclab/calibration/internal/stats"
)

type allocCost struct {
	Size        int     `json:"size"`
	Scan        bool    `json:"scan"`
	Objects     int     `json:"objects"`
	NsPerObject float64 `json:"nsPerObject"`
	NsPerByte   float64 `json:"nsPerByte"`
}

type microExtra struct {
	Kind             string      `json:"kind"`
	EmptyGcNs        []int64     `json:"emptyGcNs"`
	EmptyGcCpuNs     []int64     `json:"emptyGcCpuNs"` // process CPU during each call
	EmptyGcMedianNs  float64     `json:"emptyGcMedianNs"`
	Alloc            []allocCost `json:"alloc"`
	MemclrNoscanBpNs float64     `json:"memclrNoscanBytesPerNs"`
	MemclrScanBpNs   float64     `json:"memclrScanBytesPerNs"`
}

var sinkBytes []byte
var sinkPtrs []*p64

func runMicro(s *result.Scenario, rec *recorder, res *result.Result) error {
	ex := &microExtra{Kind: "micro"}
	rec.open("init")
	runtime.GC()
	rec.open("emptygc")
	for i := 0; i < 20; i++ {
		m := rec.mark()
		runtime.GC()
		sp := rec.since(m)
		ex.EmptyGcNs = append(ex.EmptyGcNs, sp.durNs)
		ex.EmptyGcCpuNs = append(ex.EmptyGcCpuNs, sp.cpuNs)
	}
	ex.EmptyGcMedianNs = stats.Median(stats.Ints(ex.EmptyGcNs))

	rec.open("alloc")
	old := debug.SetGCPercent(-1)
	const budget = 64 << 20
	for _, size := range []int{16, 64, 256, 1024, 4096, 32768, 262144, 4 << 20} {
		for _, scan := range []bool{false, true} {
			n := budget / size
			best := int64(1 << 62)
			for trial := 0; trial < 3; trial++ {
				runtime.GC()
				t := cpuNow()
				if scan {
					for i := 0; i < n; i++ {
						sinkPtrs = make([]*p64, size/8)
					}
				} else {
					for i := 0; i < n; i++ {
						sinkBytes = make([]byte, size)
					}
				}
				if d := cpuNow() - t; d < best {
					best = d
				}
			}
			ex.Alloc = append(ex.Alloc, allocCost{Size: size, Scan: scan, Objects: n,
				NsPerObject: float64(best) / float64(n), NsPerByte: float64(best) / float64(n*size)})
		}
	}
	sinkBytes, sinkPtrs = nil, nil
	runtime.GC()

	rec.open("memclr")
	const big = 256 << 20
	b := make([]byte, big)
	p := make([]*p64, big/8)
	for i := range b {
		b[i] = 1
	}
	for i := range p {
		p[i] = shared
	}
	bestB, bestP := int64(1<<62), int64(1<<62)
	for trial := 0; trial < 3; trial++ {
		t := cpuNow()
		for i := range b {
			b[i] = 0
		}
		if d := cpuNow() - t; d < bestB {
			bestB = d
		}
		t = cpuNow()
		for i := range p {
			p[i] = nil
		}
		if d := cpuNow() - t; d < bestP {
			bestP = d
		}
		b[0], p[0] = 1, shared
	}
	ex.MemclrNoscanBpNs = float64(big) / float64(bestB)
	ex.MemclrScanBpNs = float64(big) / float64(bestP)
	runtime.KeepAlive(b)
	runtime.KeepAlive(p)
	debug.SetGCPercent(old)
	res.Extra = ex
	return nil
}
