// Package layout reads a live map's structure straight from the runtime's own
// headers through unsafe, and computes the heap bytes the map owns.
//
// Design
//
//   - One reader per runtime layout, selected by build tags:
//     classic_go119.go (Go 1.19 hmap/bmap/maptype) and swiss_go126.go
//     (Go 1.26 internal/runtime/maps.Map/table/groups and abi.MapType).
//     Any other toolchain compiles unsupported.go, whose Read refuses to run:
//     the struct layouts are copied from one release and may differ in another.
//   - Read never allocates, so a caller can read MemStats around it and the
//     numbers stay exact.
//   - Bytes are "heap bytes as HeapAlloc counts them": every allocation the map
//     made, rounded to its size class (or to 8 KiB pages for large objects),
//     plus the 8-byte malloc header that Go >= 1.22 puts in front of small
//     pointerful objects larger than 512 B (see sizeclass.go). Callers
//     cross-check these against HeapAlloc deltas.
//
// Glossary (runtime names): B = log2 of the bucket count; noverflow = the
// header's (approximate) overflow counter; emptyOne = a deleted classic slot;
// dirLen/globalDepth = Swiss directory size; ctrlDeleted = a Swiss tombstone;
// growthLeft = inserts a Swiss table takes before it must rehash.
package layout

// Classic is the structure of a Go <= 1.23 map (read on Go 1.19).
type Classic struct {
	Count     int  `json:"count"`
	B         int  `json:"B"`
	Buckets   int  `json:"buckets"`   // 2^B
	Noverflow int  `json:"noverflow"` // header counter; exact only for B < 16
	Flags     int  `json:"flags"`
	Growing   bool `json:"growing"` // oldbuckets != nil
	SameSize  bool `json:"sameSizeGrow"`
	// OldBuckets is the bucket count of oldbuckets while growing, else 0.
	OldBuckets int `json:"oldbuckets"`
	Nevacuate  int `json:"nevacuate"`

	// Results of walking every chain of the current bucket array.
	OverflowBuckets  int `json:"overflowBuckets"`  // true count, not the header's estimate
	OverflowPrealloc int `json:"overflowPrealloc"` // taken from the array's preallocated tail
	OverflowMalloc   int `json:"overflowMalloc"`   // allocated one by one by newoverflow
	LiveSlots        int `json:"liveSlots"`
	Tombstones       int `json:"tombstones"` // tophash == emptyOne
	EmptyRest        int `json:"emptyRest"`
	MaxChain         int `json:"maxChain"` // buckets in the longest chain (1 = no overflow)

	// Type facts from the runtime maptype.
	KeySlot     int  `json:"keySlot"`
	ElemSlot    int  `json:"elemSlot"`
	BucketSize  int  `json:"bucketSize"`
	Scannable   bool `json:"scannable"` // bucket ptrdata > 0: the GC reads the array
	IndirectKey bool `json:"indirectKey"`
	IndirectEl  bool `json:"indirectElem"`

	// Bytes (heap accounting, see package comment).
	ArraySlots         int   `json:"bucketArraySlots"` // buckets + preallocated overflow capacity
	ArrayBytes         int64 `json:"bucketArrayBytes"`
	OverflowMallocByte int64 `json:"overflowMallocBytes"`
	OverflowListBytes  int64 `json:"overflowListBytes"` // noscan maps: extra.overflow slice header + backing array
	OldBytes           int64 `json:"oldBytes"`          // oldbuckets array + its malloc'ed overflow, while growing
	HeaderBytes        int64 `json:"headerBytes"`       // hmap + mapextra
	MapBytes           int64 `json:"mapBytes"`
}

// Swiss is the structure of a Go >= 1.24 map (read on Go 1.26).
type Swiss struct {
	Count       int  `json:"count"`
	Small       bool `json:"small"` // dirLen == 0: a single group, no table
	Directory   int  `json:"directory"`
	GlobalDepth int  `json:"globalDepth"`
	Tables      int  `json:"tables"`
	Groups      int  `json:"groups"`
	Capacity    int  `json:"capacity"` // slots over all tables (8 for a small map's group)
	Used        int  `json:"used"`     // sum of table.used
	Tombstones  int  `json:"tombstones"`
	// TombstonesRule is what table.tombstones() computes
	// (capacity*7/8 - used - growthLeft); it must equal Tombstones.
	TombstonesRule int `json:"tombstonesRule"`
	GrowthLeft     int `json:"growthLeft"`
	MaxTableCap    int `json:"maxTableCapacity"`
	MinTableCap    int `json:"minTableCapacity"`

	GroupSize int  `json:"groupSize"`
	SlotSize  int  `json:"slotSize"`
	Scannable bool `json:"scannable"` // group ptrdata > 0

	HeaderBytes int64 `json:"headerBytes"` // maps.Map
	DirBytes    int64 `json:"directoryBytes"`
	TableBytes  int64 `json:"tableBytes"` // table structs
	GroupBytes  int64 `json:"groupBytes"` // groups arrays
	MapBytes    int64 `json:"mapBytes"`
}

// Snapshot is one reading. Exactly one of Classic and Swiss is set.
type Snapshot struct {
	Impl    string   `json:"impl"`
	Classic *Classic `json:"classic,omitempty"`
	Swiss   *Swiss   `json:"swiss,omitempty"`
}

// MapBytes returns the heap bytes the map owns.
func (s Snapshot) MapBytes() int64 {
	if s.Classic != nil {
		return s.Classic.MapBytes
	}
	if s.Swiss != nil {
		return s.Swiss.MapBytes
	}
	return 0
}

// Count returns len(m) as the header records it.
func (s Snapshot) Count() int {
	if s.Classic != nil {
		return s.Classic.Count
	}
	if s.Swiss != nil {
		return s.Swiss.Count
	}
	return 0
}
