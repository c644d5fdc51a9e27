package layout

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
)

type p64 struct{ b [64]byte }
type s64 struct{ b [64]byte }
type big200 struct{ b [200]byte }

// heapDelta returns the smallest HeapAlloc increase over 3 trials of f, with
// the GC off. Unrelated runtime allocations sometimes land in the window;
// the minimum drops them.
func heapDelta(f func() interface{}) (int64, interface{}) {
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	var best int64 = -1
	var keep interface{}
	var a, b runtime.MemStats
	for i := 0; i < 3; i++ {
		runtime.GC()
		runtime.ReadMemStats(&a)
		v := f()
		runtime.ReadMemStats(&b)
		d := int64(b.HeapAlloc) - int64(a.HeapAlloc)
		if best < 0 || d < best {
			best = d
		}
		keep = v
	}
	return best, keep
}

var sink interface{}

var hints = []int{0, 1, 8, 9, 13, 14, 100, 1000, 6656, 6657, 10000, 13312, 13313, 100000, 106496, 106497}

func checkMake[K comparable, V any](t *testing.T, name string) {
	t.Helper()
	for _, hint := range hints {
		hint := hint
		got, m := heapDelta(func() interface{} { return make(map[K]V, hint) })
		s, err := Read(m)
		if err != nil {
			t.Fatal(err)
		}
		if s.MapBytes() != got {
			t.Errorf("%s make(hint=%d): structure says %d bytes, HeapAlloc delta %d (%+v %+v)", name, hint, s.MapBytes(), got, s.Classic, s.Swiss)
		}
		checkRules(t, name, hint, s, true)
	}
}

func TestMakeBytesExact(t *testing.T) {
	if !Supported {
		t.Skip("no layout reader for this toolchain")
	}
	checkMake[int64, int64](t, "int64/int64")
	checkMake[string, *p64](t, "string/*p64")
	checkMake[string, string](t, "string/string")
	checkMake[int64, s64](t, "int64/struct64")
	checkMake[string, s64](t, "string/struct64")
	checkMake[int64, big200](t, "int64/[200]byte (indirect elem)")
}

// After insertion and a GC, a map[int64]int64 is the only thing the test
// added to the heap, so HeapAlloc must equal its structure bytes, including
// malloc'ed overflow buckets and (classic noscan) the extra.overflow list.
func TestGrownNoscanMapBytesMatchLiveHeap(t *testing.T) {
	if !Supported {
		t.Skip("no layout reader for this toolchain")
	}
	for _, n := range []int{5, 100, 1000, 20000, 100000} {
		old := debug.SetGCPercent(-1)
		var a, b runtime.MemStats
		var best int64 = -1
		var snap Snapshot
		for trial := 0; trial < 3; trial++ {
			sink = nil
			runtime.GC()
			runtime.ReadMemStats(&a)
			m := make(map[int64]int64)
			sink = m // escape: a stack-allocated header would not be in HeapAlloc
			for i := 0; i < n; i++ {
				m[int64(i)] = int64(i)
			}
			runtime.GC()
			runtime.ReadMemStats(&b)
			s, err := Read(m)
			if err != nil {
				t.Fatal(err)
			}
			d := int64(b.HeapAlloc) - int64(a.HeapAlloc)
			if best < 0 || d-s.MapBytes() < best {
				best, snap = d-s.MapBytes(), s
			}
			runtime.KeepAlive(m)
		}
		debug.SetGCPercent(old)
		if best != 0 {
			t.Errorf("n=%d: live heap - structure bytes = %d, want 0 (%+v %+v)", n, best, snap.Classic, snap.Swiss)
		}
		if snap.Count() != n {
			t.Errorf("n=%d: count %d", n, snap.Count())
		}
		checkRules(t, "grown int64/int64", n, snap, false)
	}
}

func TestDeleteLeavesStructure(t *testing.T) {
	if !Supported {
		t.Skip("no layout reader for this toolchain")
	}
	const n = 20000
	m := make(map[string]*p64)
	for i := 0; i < n; i++ {
		m[strconv.Itoa(i*7919)] = &p64{}
	}
	before, _ := Read(m)
	for i := 0; i < n*9/10; i++ {
		delete(m, strconv.Itoa(i*7919))
	}
	runtime.GC()
	after, _ := Read(m)
	if after.Count() != n/10 {
		t.Fatalf("count %d", after.Count())
	}
	if after.MapBytes() != before.MapBytes() {
		t.Errorf("delete changed map bytes: %d -> %d", before.MapBytes(), after.MapBytes())
	}
	switch {
	case after.Classic != nil:
		c := after.Classic
		if c.B != before.Classic.B || c.LiveSlots != c.Count || c.Tombstones == 0 {
			t.Errorf("classic after delete: %+v", c)
		}
	case after.Swiss != nil:
		s := after.Swiss
		if s.Capacity != before.Swiss.Capacity || s.Used != s.Count || s.Tombstones != s.TombstonesRule {
			t.Errorf("swiss after delete: %+v", s)
		}
	}
}

func TestAllocBytes(t *testing.T) {
	cases := []struct {
		n    uintptr
		scan bool
		want int64
	}{
		{1, false, 8}, {16, false, 16}, {17, false, 24}, {208, true, 208}, {32768, false, 32768},
		{32769, false, 40960}, {57200, true, 57344},
	}
	for _, c := range cases {
		if got := AllocBytes(c.n, c.scan); got != c.want {
			t.Errorf("AllocBytes(%d,%v)=%d want %d", c.n, c.scan, got, c.want)
		}
	}
	// 600 B pointerful: a malloc header on go1.26 (600+8 -> 640), none on go1.19 (640 either way);
	// 1100 B pointerful: 1152 with or without header; 1020 B: 1024 on 1.19, 1152 with header.
	want := int64(1024)
	if Impl == "swiss" {
		want = 1152
	}
	if got := AllocBytes(1020, true); got != want {
		t.Errorf("AllocBytes(1020, scan)=%d want %d for %s", got, want, Impl)
	}
}
