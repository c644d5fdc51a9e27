//go:build go1.19 && !go1.20

// Reader for the classic map of Go 1.19 (runtime/map.go, runtime/type.go).
// The struct copies below must match go1.19 exactly; the build tag keeps this
// file away from every other release.

package layout

import (
	"fmt"
	"runtime"
	"strings"
	"unsafe"
)

// Impl names the map implementation this binary reads.
const Impl = "classic"

// Supported reports whether Read works on this toolchain.
const Supported = true

// go1.19 runtime/map.go constants.
const (
	bucketCnt     = 8 // slots per bucket
	emptyRest     = 0 // this slot and every later one in the chain is empty
	emptyOne      = 1 // deleted slot (tombstone)
	minTopHash    = 5 // smallest tophash of a live slot
	dataOffset    = 8 // tophash array before the keys
	hmapBytes     = 48
	mapextraBytes = 24

	flagSameSizeGrow = 8 // hmap.flags sameSizeGrow

	mtIndirectKey  = 1 // maptype.flags
	mtIndirectElem = 2
)

// go1.19 runtime._type.
type rtype struct {
	size       uintptr
	ptrdata    uintptr
	hash       uint32
	tflag      uint8
	align      uint8
	fieldAlign uint8
	kind       uint8
	equal      func(unsafe.Pointer, unsafe.Pointer) bool
	gcdata     *byte
	str        int32
	ptrToThis  int32
}

// go1.19 runtime.maptype.
type maptype struct {
	typ        rtype
	key        *rtype
	elem       *rtype
	bucket     *rtype
	hasher     func(unsafe.Pointer, uintptr) uintptr
	keysize    uint8
	elemsize   uint8
	bucketsize uint16
	flags      uint32
}

// go1.19 runtime.hmap.
type hmap struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      *mapextra
}

// go1.19 runtime.mapextra.
type mapextra struct {
	overflow     *[]unsafe.Pointer
	oldoverflow  *[]unsafe.Pointer
	nextOverflow unsafe.Pointer
}

type eface struct {
	typ  *maptype
	data unsafe.Pointer
}

// mallocHeaderBytes: Go 1.19 has no malloc headers (heap bitmaps cover the
// whole arena).
func mallocHeaderBytes(n uintptr, scan bool) uintptr { return 0 }

// CheckVersion refuses a runtime whose layouts were not verified.
func CheckVersion() error {
	if !strings.HasPrefix(runtime.Version(), "go1.19.") && runtime.Version() != "go1.19" {
		return fmt.Errorf("layout: classic reader verified for go1.19.x only, running %s", runtime.Version())
	}
	return nil
}

// ArrayAlloc returns the slots and heap bytes of a bucket array for B, as
// makeBucketArray (go1.19 map.go:345) sizes it: 2^B buckets, plus 2^(B-4)
// preallocated overflow buckets when B >= 4, plus whatever else fits in the
// size-class or page rounding.
func ArrayAlloc(B int, bucketSize uintptr, scan bool) (slots int, bytes int64) {
	base := uintptr(1) << uint(B)
	n := base
	if B >= 4 {
		n += base >> 4
		sz := bucketSize * n
		if up := UsableBytes(sz, scan); up != sz {
			n = up / bucketSize
		}
	}
	return int(n), AllocBytes(n*bucketSize, scan)
}

// Read reads the map m (any map value) without allocating.
func Read(m interface{}) (Snapshot, error) {
	if err := CheckVersion(); err != nil {
		return Snapshot{}, err
	}
	e := (*eface)(unsafe.Pointer(&m))
	if e.typ == nil || e.typ.typ.kind&31 != 21 { // kindMap = 21
		return Snapshot{}, fmt.Errorf("layout: not a map")
	}
	t := e.typ
	h := (*hmap)(e.data)
	c := &Classic{}
	c.KeySlot = int(t.keysize)
	c.ElemSlot = int(t.elemsize)
	c.BucketSize = int(t.bucketsize)
	c.Scannable = t.bucket.ptrdata != 0
	c.IndirectKey = t.flags&mtIndirectKey != 0
	c.IndirectEl = t.flags&mtIndirectElem != 0
	if h == nil {
		return Snapshot{Impl: Impl, Classic: c}, nil
	}
	bsize := uintptr(t.bucketsize)
	c.Count = h.count
	c.B = int(h.B)
	c.Buckets = 1 << uint(h.B)
	c.Noverflow = int(h.noverflow)
	c.Flags = int(h.flags)
	c.HeaderBytes = hmapBytes
	if h.extra != nil {
		c.HeaderBytes += mapextraBytes
	}

	if h.buckets != nil {
		if h.B == 0 && h.oldbuckets == nil {
			// B == 0: one bucket, allocated by newobject on the first
			// insert (or by makemap for a hint in 1..8 it is still
			// lazily allocated): no preallocated overflow.
			c.ArraySlots = 1
			c.ArrayBytes = AllocBytes(bsize, c.Scannable)
		} else {
			c.ArraySlots, c.ArrayBytes = ArrayAlloc(c.B, bsize, c.Scannable)
		}
		arrEnd := uintptr(h.buckets) + uintptr(c.ArraySlots)*bsize
		w := walkArray(h.buckets, c.Buckets, bsize, uintptr(h.buckets), arrEnd)
		c.OverflowBuckets = w.overflow
		c.OverflowPrealloc = w.prealloc
		c.OverflowMalloc = w.overflow - w.prealloc
		c.LiveSlots = w.live
		c.Tombstones = w.tombstones
		c.EmptyRest = w.emptyRest
		c.MaxChain = w.maxChain
		c.OverflowMallocByte = int64(c.OverflowMalloc) * AllocBytes(bsize, c.Scannable)
	}

	if h.oldbuckets != nil {
		c.Growing = true
		c.SameSize = h.flags&flagSameSizeGrow != 0
		oldB := c.B - 1
		if c.SameSize {
			oldB = c.B
		}
		c.OldBuckets = 1 << uint(oldB)
		c.Nevacuate = int(h.nevacuate)
		slots, bytes := ArrayAlloc(oldB, bsize, c.Scannable)
		if oldB == 0 {
			slots, bytes = 1, AllocBytes(bsize, c.Scannable)
		}
		oldEnd := uintptr(h.oldbuckets) + uintptr(slots)*bsize
		// Only buckets not yet evacuated still reach their overflow chain.
		w := walkArray(h.oldbuckets, c.OldBuckets, bsize, uintptr(h.oldbuckets), oldEnd)
		c.OldBytes = bytes + int64(w.overflow-w.prealloc)*AllocBytes(bsize, c.Scannable)
	}

	if h.extra != nil {
		c.OverflowListBytes = sliceBytes(h.extra.overflow) + sliceBytes(h.extra.oldoverflow)
	}
	c.MapBytes = c.HeaderBytes + c.ArrayBytes + c.OverflowMallocByte + c.OverflowListBytes + c.OldBytes
	return Snapshot{Impl: Impl, Classic: c}, nil
}

// sliceBytes: a *[]*bmap made by new([]*bmap) (24 B) plus its backing array,
// whose capacity growslice already rounded to a size class.
func sliceBytes(p *[]unsafe.Pointer) int64 {
	if p == nil {
		return 0
	}
	n := int64(24)
	if c := cap(*p); c > 0 {
		n += AllocBytes(uintptr(c)*8, true)
	}
	return n
}

type walkResult struct {
	overflow, prealloc, live, tombstones, emptyRest, maxChain int
}

// walkArray follows every chain of an array of nb buckets. Overflow buckets
// whose address lies inside [lo, hi) came from the array's preallocated tail.
// Evacuated buckets (tophash[0] in evacuatedX..evacuatedEmpty) are skipped:
// their entries live in the new array.
func walkArray(arr unsafe.Pointer, nb int, bsize, lo, hi uintptr) walkResult {
	var r walkResult
	for i := 0; i < nb; i++ {
		b := unsafe.Add(arr, uintptr(i)*bsize)
		if th := *(*uint8)(b); th > emptyOne && th < minTopHash {
			continue
		}
		chain := 0
		for b != nil {
			chain++
			if chain > 1 {
				r.overflow++
				if uintptr(b) >= lo && uintptr(b) < hi {
					r.prealloc++
				}
			}
			for j := uintptr(0); j < bucketCnt; j++ {
				switch th := *(*uint8)(unsafe.Add(b, j)); {
				case th == emptyRest:
					r.emptyRest++
				case th == emptyOne:
					r.tombstones++
				case th >= minTopHash:
					r.live++
				}
			}
			b = *(*unsafe.Pointer)(unsafe.Add(b, bsize-8))
		}
		if chain > r.maxChain {
			r.maxChain = chain
		}
	}
	return r
}

// Shape is a cheap header read for growth tracking: count, B, and (swiss
// only) directory length and the capacity of the first table.
func Shape(m interface{}) (count, B, dirLen, cap0 int) {
	e := (*eface)(unsafe.Pointer(&m))
	h := (*hmap)(e.data)
	if h == nil {
		return 0, 0, 0, 0
	}
	return h.count, int(h.B), 0, 0
}
