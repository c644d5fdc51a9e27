// Package gctrace parses the runtime's GODEBUG=gctrace=1 and
// GODEBUG=gcpacertrace=1 lines into per-cycle records.
//
// Formats (both checked in the installed sources):
//
//	go1.19 runtime/mgc.go:1094 and go1.26 runtime/mgc.go:1577 print
//	  gc N @S.SSSs U%: A+B+C ms clock, a+b/c/d+e ms cpu, H0->H1->H2 MB, G MB goal, S MB stacks, X MB globals, P P [(forced)]
//	go1.26 may insert " (checking for goroutine leaks)" between "U%" and ":".
//	  A = sweep termination (STW 1, wall), B = concurrent mark, C = mark termination (STW 2);
//	  a, e = STW CPU (A or C times the Ps stopped), b/c/d = assist / background (dedicated+fractional) / idle mark CPU.
//	  Times are fmtNSAsMS: whole ms from 10 ms up, else 2 significant digits (so 0.054 = 54 µs ± 0.5 µs).
//	  Heap figures are bytes>>20 (MiB, truncated); this parser stores them as MiB<<20 bytes.
//	go1.19 runtime/mgcpacer.go:754 and go1.26 mgcpacer.go:679 (gcpacertrace), printed in endCycle, i.e.
//	before the cycle's gc line:
//	  pacer: U% CPU (G exp.) for H+S+X B work (E B exp.) in T B -> L B (∆goal D, cons/mark R)[ [controller reset]]
//	  H, S, X = heap, stack and globals scan work of the cycle, in bytes.
//
// Lines that are neither (the pacer's assist-ratio and sweep lines, program
// output) are returned untouched so a caller can keep them.
package gctrace

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Cycle is one GC cycle as gctrace (and optionally gcpacertrace) reports it.
// Times are nanoseconds, sizes bytes.
type Cycle struct {
	N        int   `json:"n"`
	AtNs     int64 `json:"atNs"` // "@" field: since runtime start, ms resolution
	UtilPct  int   `json:"utilPct"`
	Stw1Ns   int64 `json:"stw1Ns"`
	MarkNs   int64 `json:"markNs"`
	Stw2Ns   int64 `json:"stw2Ns"`
	Stw1Cpu  int64 `json:"stw1CpuNs"`
	Assist   int64 `json:"assistCpuNs"`
	Bg       int64 `json:"bgCpuNs"`
	Idle     int64 `json:"idleCpuNs"`
	Stw2Cpu  int64 `json:"stw2CpuNs"`
	Heap0    int64 `json:"heapStart"`
	Heap1    int64 `json:"heapEnd"`
	Heap2    int64 `json:"heapLive"`
	Goal     int64 `json:"heapGoal"`
	Stacks   int64 `json:"stacks"`
	Globals  int64 `json:"globals"`
	Procs    int   `json:"procs"`
	Forced   bool  `json:"forced"`
	LeakScan bool  `json:"leakCheck,omitempty"`

	// From the gcpacertrace line of the same cycle, when present.
	ScanWork        *int64 `json:"scanWork"` // heap+stack+globals
	ScanHeapWork    *int64 `json:"scanHeapWork,omitempty"`
	ScanStackWork   *int64 `json:"scanStackWork,omitempty"`
	ScanGlobalsWork *int64 `json:"scanGlobalsWork,omitempty"`
}

// MarkCpuNs is the total mark CPU: assist + background + idle.
func (c Cycle) MarkCpuNs() int64 { return c.Assist + c.Bg + c.Idle }

// Work is the scan work of one gcpacertrace "B work" line.
type Work struct{ Heap, Stack, Globals int64 }

// ParseLine parses one "gc N @..." line.
func ParseLine(line string) (Cycle, error) {
	var c Cycle
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "gc ") {
		return c, fmt.Errorf("gctrace: not a gc line: %q", line)
	}
	colon := strings.Index(s, ": ")
	if colon < 0 {
		return c, fmt.Errorf("gctrace: no ': ' in %q", line)
	}
	head := strings.Fields(s[:colon])
	// gc N @S.SSSs U% [(checking for goroutine leaks)]
	if len(head) < 4 {
		return c, fmt.Errorf("gctrace: short header in %q", line)
	}
	var err error
	if c.N, err = strconv.Atoi(head[1]); err != nil {
		return c, fmt.Errorf("gctrace: cycle number in %q", line)
	}
	at := strings.TrimSuffix(strings.TrimPrefix(head[2], "@"), "s")
	atSec, err := strconv.ParseFloat(at, 64)
	if err != nil {
		return c, fmt.Errorf("gctrace: @ field in %q", line)
	}
	c.AtNs = int64(math.Round(atSec * 1e9))
	if c.UtilPct, err = strconv.Atoi(strings.TrimSuffix(head[3], "%")); err != nil {
		return c, fmt.Errorf("gctrace: utilisation in %q", line)
	}
	c.LeakScan = strings.Contains(s[:colon], "goroutine leaks")

	parts := strings.Split(s[colon+2:], ", ")
	for _, p := range parts {
		switch {
		case strings.HasSuffix(p, " ms clock"):
			v, err := msList(strings.TrimSuffix(p, " ms clock"), 3)
			if err != nil {
				return c, fmt.Errorf("gctrace: clock in %q: %v", line, err)
			}
			c.Stw1Ns, c.MarkNs, c.Stw2Ns = v[0], v[1], v[2]
		case strings.HasSuffix(p, " ms cpu"):
			v, err := msList(strings.TrimSuffix(p, " ms cpu"), 5)
			if err != nil {
				return c, fmt.Errorf("gctrace: cpu in %q: %v", line, err)
			}
			c.Stw1Cpu, c.Assist, c.Bg, c.Idle, c.Stw2Cpu = v[0], v[1], v[2], v[3], v[4]
		case strings.HasSuffix(p, " MB") && strings.Contains(p, "->"):
			h := strings.Split(strings.TrimSuffix(p, " MB"), "->")
			if len(h) != 3 {
				return c, fmt.Errorf("gctrace: heap in %q", line)
			}
			for i, dst := range []*int64{&c.Heap0, &c.Heap1, &c.Heap2} {
				if *dst, err = mib(h[i]); err != nil {
					return c, fmt.Errorf("gctrace: heap in %q", line)
				}
			}
		case strings.HasSuffix(p, " MB goal"):
			c.Goal, err = mib(strings.TrimSuffix(p, " MB goal"))
		case strings.HasSuffix(p, " MB stacks"):
			c.Stacks, err = mib(strings.TrimSuffix(p, " MB stacks"))
		case strings.HasSuffix(p, " MB globals"):
			c.Globals, err = mib(strings.TrimSuffix(p, " MB globals"))
		case strings.Contains(p, " P"):
			f := strings.Fields(p)
			if len(f) >= 2 && f[1] == "P" {
				c.Procs, err = strconv.Atoi(f[0])
				c.Forced = len(f) >= 3 && f[2] == "(forced)"
			}
		}
		if err != nil {
			return c, fmt.Errorf("gctrace: %q in %q", p, line)
		}
	}
	if c.Procs == 0 {
		return c, fmt.Errorf("gctrace: no P field in %q", line)
	}
	return c, nil
}

// ParseWork parses a gcpacertrace "pacer: U% CPU (G exp.) for H+S+X B work ..." line.
func ParseWork(line string) (Work, bool) {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "pacer: ") {
		return Work{}, false
	}
	i := strings.Index(s, " for ")
	j := strings.Index(s, " B work")
	if i < 0 || j < i {
		return Work{}, false
	}
	f := strings.Split(s[i+5:j], "+")
	if len(f) != 3 {
		return Work{}, false
	}
	var v [3]int64
	for k := range f {
		n, err := strconv.ParseInt(f[k], 10, 64)
		if err != nil {
			return Work{}, false
		}
		v[k] = n
	}
	return Work{Heap: v[0], Stack: v[1], Globals: v[2]}, true
}

// Parse reads a whole stderr stream. Each pacer work line is attached to the
// next gc line (endCycle prints it before gcMarkTermination prints the gc
// line). Other lines are returned in rest. The runtime writes a gc line in
// several write calls, so a cycle that ends while the process exits can leave
// a truncated last line; an unparsable gc line is an error only when another
// line follows it.
func Parse(r io.Reader) (cycles []Cycle, rest []string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var pending *Work
	var bad error
	for sc.Scan() {
		line := sc.Text()
		if bad != nil {
			return cycles, rest, bad
		}
		if w, ok := ParseWork(line); ok {
			w := w
			pending = &w
			continue
		}
		if strings.HasPrefix(line, "gc ") && strings.Contains(line, " ms clock") {
			c, perr := ParseLine(line)
			if perr != nil {
				bad = perr
				rest = append(rest, line)
				continue
			}
			if pending != nil {
				total := pending.Heap + pending.Stack + pending.Globals
				h, st, g := pending.Heap, pending.Stack, pending.Globals
				c.ScanWork, c.ScanHeapWork, c.ScanStackWork, c.ScanGlobalsWork = &total, &h, &st, &g
				pending = nil
			}
			cycles = append(cycles, c)
			continue
		}
		rest = append(rest, line)
	}
	return cycles, rest, sc.Err()
}

func msList(s string, want int) ([]int64, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '+' || r == '/' })
	if len(f) != want {
		return nil, fmt.Errorf("want %d fields, got %d", want, len(f))
	}
	out := make([]int64, want)
	for i, x := range f {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil, err
		}
		out[i] = int64(math.Round(v * 1e6))
	}
	return out, nil
}

func mib(s string) (int64, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return v << 20, err
}
