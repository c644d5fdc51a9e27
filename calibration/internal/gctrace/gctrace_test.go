package gctrace

import (
	"strings"
	"testing"
)

// Real stderr captured on this machine (go1.19.8 and go1.26.8 linux/amd64,
// GODEBUG=gctrace=1,gcpacertrace=1), plus lines quoted in the fact sheet.
const stderr119 = `pacer: assist ratio=+1.566958e+000 (scan 1 MB in 3->4 MB) workers=0++2.500000e-001
pacer: 55% CPU (25 exp.) for 681496+14328+295240 B work (295240 B exp.) in 3997696 B -> 4546560 B (∆goal 352256, cons/mark +0.000000e+000)
gc 1 @0.030s 1%: 0.026+1.1+0.018 ms clock, 0.052+0.72/0.037/0.81+0.037 ms cpu, 3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P
pacer: assist ratio=+1.189310e+000 (scan 0 MB in 3->4 MB) workers=0++2.500000e-001
pacer: sweep done at heap size 9MB; allocated 0MB during sweep; swept 1298 pages at 0.00022180132752708267 pages/byte
gc 2 @0.033s 1%: 0.020+1.6+0.019 ms clock, 0.040+0.19/0.18/0.45+0.039 ms cpu, 3->3->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P
gc 9 @1.211s 29%: 0.054+244+0.038 ms clock, 0.10+105/123/161+0.076 ms cpu, 149->175->89 MB, 174 MB goal, 0 MB stacks, 0 MB globals, 2 P
gc 13 @6.501s 25%: 0.92+407+192 ms clock, 1.8+0/0.5/0+384 ms cpu, 232->232->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)
`

const stderr126 = `pacer: assist ratio=1.4629861582880435 (scan 1 MB in 3->4 MB) workers=0+0.25
pacer: 26% CPU (25 exp.) for 825120+24600+275650 B work (275650 B exp.) in 4005888 B -> 4636672 B (∆goal 442368, cons/mark 0)
gc 1 @0.055s 3%: 1.9+2.3+0.48 ms clock, 3.9+0.13/0.63/0+0.96 ms cpu, 3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P
pacer: assist ratio=1.2041811560246956 (scan 1 MB in 6->7 MB) workers=0+0.25
pacer: 35% CPU (25 exp.) for 1166704+8040+275650 B work (1464778 B exp.) in 6863368 B -> 8079480 B (∆goal -298, cons/mark 1.4244973682385544)
pacer: sweep done at heap size 4MB; allocated 1MB during sweep; swept 1206 pages at 0 pages/byte
gc 4 @0.088s 4%: 0.044+1.7+0.013 ms clock, 0.089+0.37/0.86/0.037+0.026 ms cpu, 6->7->2 MB, 7 MB goal, 0 MB stacks, 0 MB globals, 2 P
hello from the program
gc 5 @12.092s 4% (checking for goroutine leaks): 0.057+1.1+0.022 ms clock, 0.11+0.30/0.24/0+0.044 ms cpu, 4->5->2 MB, 4 MB goal, 1 MB stacks, 2 MB globals, 1 P (forced)
`

func TestParse119(t *testing.T) {
	cs, rest, err := Parse(strings.NewReader(stderr119))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 4 || len(rest) != 3 {
		t.Fatalf("got %d cycles, %d other lines", len(cs), len(rest))
	}
	c := cs[0]
	if c.N != 1 || c.AtNs != 30e6 || c.UtilPct != 1 || c.Stw1Ns != 26000 || c.MarkNs != 1100000 || c.Stw2Ns != 18000 {
		t.Errorf("clock/header: %+v", c)
	}
	if c.Stw1Cpu != 52000 || c.Assist != 720000 || c.Bg != 37000 || c.Idle != 810000 || c.Stw2Cpu != 37000 {
		t.Errorf("cpu: %+v", c)
	}
	if c.Heap0 != 3<<20 || c.Heap1 != 4<<20 || c.Heap2 != 1<<20 || c.Goal != 4<<20 || c.Procs != 2 || c.Forced {
		t.Errorf("heap: %+v", c)
	}
	if c.ScanWork == nil || *c.ScanWork != 681496+14328+295240 || *c.ScanHeapWork != 681496 {
		t.Errorf("scan work: %v", c.ScanWork)
	}
	// gc 2 has no pacer work line before it (only assist/sweep lines).
	if cs[1].ScanWork != nil {
		t.Errorf("gc 2 got a stale scan work")
	}
	big := cs[2]
	if big.MarkNs != 244e6 || big.Assist != 105e6 || big.Bg != 123e6 || big.Idle != 161e6 || big.MarkCpuNs() != 389e6 {
		t.Errorf("whole-ms fields: %+v", big)
	}
	if !cs[3].Forced || cs[3].Stw2Ns != 192e6 || cs[3].Heap0 != 232<<20 {
		t.Errorf("forced: %+v", cs[3])
	}
}

func TestParse126(t *testing.T) {
	cs, rest, err := Parse(strings.NewReader(stderr126))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || len(rest) != 4 {
		t.Fatalf("got %d cycles, %d other lines: %q", len(cs), len(rest), rest)
	}
	if cs[0].Stw1Ns != 1900000 || cs[0].Stw2Cpu != 960000 || *cs[0].ScanStackWork != 24600 {
		t.Errorf("gc 1: %+v", cs[0])
	}
	// the sweep line between the pacer work line and gc 4 must not detach it
	if cs[1].N != 4 || cs[1].ScanWork == nil || *cs[1].ScanWork != 1166704+8040+275650 {
		t.Errorf("gc 4: %+v", cs[1])
	}
	c := cs[2]
	if c.N != 5 || !c.LeakScan || !c.Forced || c.Procs != 1 || c.Stacks != 1<<20 || c.Globals != 2<<20 || c.AtNs != 12092e6 {
		t.Errorf("gc 5: %+v", c)
	}
}

func TestParseLineErrors(t *testing.T) {
	for _, bad := range []string{
		"gc 1 @0.030s 1%: 0.026+1.1 ms clock, 0.052+0.72/0.037/0.81+0.037 ms cpu, 3->4->1 MB, 4 MB goal, 2 P",
		"gc x @0.030s 1%: 0.026+1.1+0.018 ms clock",
		"gc 1 @0.030s 1%: 0.026+1.1+0.018 ms clock, 0.052+0.72/0.037/0.81+0.037 ms cpu, 3->4->1 MB, 4 MB goal",
	} {
		if _, err := ParseLine(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	if _, ok := ParseWork("pacer: assist ratio=1.2 (scan 1 MB in 6->7 MB) workers=0+0.25"); ok {
		t.Error("assist line taken as work line")
	}
}

func TestParseTruncatedLastLine(t *testing.T) {
	trunc := "gc 27 @4.775s 18%: 0.078+4.5+0.46 ms clock, 0.15+0.033/0.16/0+0.92 ms cpu, 104->104->0 MB, 207 MB goal, 0 MB stacks, "
	cs, rest, err := Parse(strings.NewReader(stderr119 + trunc))
	if err != nil || len(cs) != 4 || rest[len(rest)-1] != trunc {
		t.Fatalf("truncated last line: err %v, %d cycles", err, len(cs))
	}
	if _, _, err := Parse(strings.NewReader(trunc + "\n" + stderr119)); err == nil {
		t.Fatal("a bad gc line followed by more output must be an error")
	}
}
