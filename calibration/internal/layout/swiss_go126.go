//go:build go1.26 && !go1.27

// Reader for the Swiss-table map of Go 1.26 (internal/runtime/maps/map.go,
// table.go, group.go; internal/abi/map.go, type.go). The struct copies below
// were checked against the installed go1.26 sources; the build tag keeps this
// file away from every other release.

package layout

import (
	"fmt"
	"runtime"
	"strings"
	"unsafe"
)

// Impl names the map implementation this binary reads.
const Impl = "swiss"

// Supported reports whether Read works on this toolchain.
const Supported = true

const (
	groupSlots       = 8    // abi.MapGroupSlots
	maxAvgGroupLoad  = 7    // maps/group.go: 7 of 8 slots per group on average
	maxTableCapacity = 1024 // maps/table.go
	ctrlEmpty        = 0x80 // 0b1000_0000
	ctrlDeleted      = 0xFE // 0b1111_1110 tombstone
	mapHeaderBytes   = 48   // sizeof(maps.Map)
	tableBytes       = 32   // sizeof(maps.table)

	// go1.26 internal/runtime/gc/malloc.go: small pointerful objects larger
	// than MinSizeForMallocHeader (8*64) carry an 8-byte header.
	mallocHeaderSize       = 8
	minSizeForMallocHeader = 512
)

// go1.26 internal/abi.Type.
type rtype struct {
	Size_       uintptr
	PtrBytes    uintptr
	Hash        uint32
	TFlag       uint8
	Align_      uint8
	FieldAlign_ uint8
	Kind_       uint8
	Equal       func(unsafe.Pointer, unsafe.Pointer) bool
	GCData      *byte
	Str         int32
	PtrToThis   int32
}

// go1.26 internal/abi.MapType.
type mapType struct {
	Type      rtype
	Key       *rtype
	Elem      *rtype
	Group     *rtype
	Hasher    func(unsafe.Pointer, uintptr) uintptr
	GroupSize uintptr
	SlotSize  uintptr
	ElemOff   uintptr
	Flags     uint32
}

// go1.26 internal/runtime/maps.Map.
type swissMap struct {
	used              uint64
	seed              uintptr
	dirPtr            unsafe.Pointer
	dirLen            int
	globalDepth       uint8
	globalShift       uint8
	writing           uint8
	tombstonePossible bool
	clearSeq          uint64
}

// go1.26 internal/runtime/maps.table.
type table struct {
	used       uint16
	capacity   uint16
	growthLeft uint16
	localDepth uint8
	index      int
	groups     unsafe.Pointer // groupsReference.data
	lengthMask uint64         // groupsReference.lengthMask
}

type eface struct {
	typ  *mapType
	data unsafe.Pointer
}

// Compile-time size checks against the runtime's sizes (48 and 32 bytes).
var (
	_ = [1]struct{}{}[unsafe.Sizeof(swissMap{})-mapHeaderBytes]
	_ = [1]struct{}{}[unsafe.Sizeof(table{})-tableBytes]
)

func mallocHeaderBytes(n uintptr, scan bool) uintptr {
	if scan && n > minSizeForMallocHeader && n <= maxSmallSize-mallocHeaderSize {
		return mallocHeaderSize
	}
	return 0
}

// CheckVersion refuses a runtime whose layouts were not verified.
func CheckVersion() error {
	if !strings.HasPrefix(runtime.Version(), "go1.26.") && runtime.Version() != "go1.26" {
		return fmt.Errorf("layout: swiss reader verified for go1.26.x only, running %s", runtime.Version())
	}
	return nil
}

// Read reads the map m (any map value) without allocating.
func Read(m interface{}) (Snapshot, error) {
	if err := CheckVersion(); err != nil {
		return Snapshot{}, err
	}
	e := (*eface)(unsafe.Pointer(&m))
	if e.typ == nil || e.typ.Type.Kind_&31 != 21 { // abi.Map
		return Snapshot{}, fmt.Errorf("layout: not a map")
	}
	t := e.typ
	s := &Swiss{GroupSize: int(t.GroupSize), SlotSize: int(t.SlotSize), Scannable: t.Group.PtrBytes != 0}
	h := (*swissMap)(e.data)
	if h == nil {
		return Snapshot{Impl: Impl, Swiss: s}, nil
	}
	s.Count = int(h.used)
	s.HeaderBytes = mapHeaderBytes
	if h.dirLen == 0 {
		// Small map: dirPtr is one group (or nil before the first insert).
		s.Small = true
		if h.dirPtr != nil {
			s.Groups, s.Capacity, s.Used = 1, groupSlots, int(h.used)
			full, del := countCtrl(*(*uint64)(h.dirPtr))
			s.Tombstones = del
			_ = full
			s.GroupBytes = AllocBytes(t.GroupSize, s.Scannable)
		}
		s.MapBytes = s.HeaderBytes + s.GroupBytes
		return Snapshot{Impl: Impl, Swiss: s}, nil
	}
	s.Directory = h.dirLen
	s.GlobalDepth = int(h.globalDepth)
	s.DirBytes = AllocBytes(uintptr(h.dirLen)*8, true)
	s.MinTableCap = 1 << 30
	for i := 0; i < h.dirLen; {
		tb := *(**table)(unsafe.Add(h.dirPtr, uintptr(i)*8))
		// A table with localDepth < globalDepth fills 2^(global-local)
		// consecutive directory entries; count it once.
		i += 1 << uint(h.globalDepth-tb.localDepth)
		s.Tables++
		ng := int(tb.lengthMask + 1)
		s.Groups += ng
		s.Capacity += int(tb.capacity)
		s.Used += int(tb.used)
		s.GrowthLeft += int(tb.growthLeft)
		if int(tb.capacity) > s.MaxTableCap {
			s.MaxTableCap = int(tb.capacity)
		}
		if int(tb.capacity) < s.MinTableCap {
			s.MinTableCap = int(tb.capacity)
		}
		s.TombstonesRule += int(tb.capacity)*maxAvgGroupLoad/groupSlots - int(tb.used) - int(tb.growthLeft)
		for g := 0; g < ng; g++ {
			_, del := countCtrl(*(*uint64)(unsafe.Add(tb.groups, uintptr(g)*t.GroupSize)))
			s.Tombstones += del
		}
		s.TableBytes += AllocBytes(tableBytes, true)
		s.GroupBytes += AllocBytes(uintptr(ng)*t.GroupSize, s.Scannable)
	}
	s.MapBytes = s.HeaderBytes + s.DirBytes + s.TableBytes + s.GroupBytes
	return Snapshot{Impl: Impl, Swiss: s}, nil
}

// countCtrl counts full slots (high bit clear) and tombstones in a control word.
func countCtrl(w uint64) (full, deleted int) {
	for i := 0; i < groupSlots; i++ {
		c := uint8(w >> (8 * i))
		switch {
		case c&ctrlEmpty == 0:
			full++
		case c == ctrlDeleted:
			deleted++
		}
	}
	return
}

// Shape is a cheap header read for growth tracking: count, B (classic only),
// directory length and the capacity of the table at directory index 0
// (8 for a small map's group, 0 before the first insert).
func Shape(m interface{}) (count, B, dirLen, cap0 int) {
	e := (*eface)(unsafe.Pointer(&m))
	h := (*swissMap)(e.data)
	if h == nil {
		return 0, 0, 0, 0
	}
	if h.dirLen == 0 {
		if h.dirPtr != nil {
			cap0 = groupSlots
		}
		return int(h.used), 0, 0, cap0
	}
	tb := *(**table)(h.dirPtr)
	return int(h.used), 0, h.dirLen, int(tb.capacity)
}
