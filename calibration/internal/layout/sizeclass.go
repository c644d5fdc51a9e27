package layout

// Size classes of the Go allocator on amd64. The table is identical in
// go1.19 runtime/sizeclasses.go (class_to_size) and go1.26
// internal/runtime/gc/sizeclasses.go (SizeClassToSize); both were diffed.
var sizeClasses = [...]uint32{0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}

const (
	maxSmallSize = 32768 // largest small-object size class
	pageSize     = 8192  // heap page; large objects are whole pages
)

// classSize rounds a request up to its size class, or to whole pages for a
// large object. This is what one allocation adds to HeapAlloc.
func classSize(n uintptr) uintptr {
	if n == 0 {
		return 0
	}
	if n <= maxSmallSize {
		for _, c := range sizeClasses {
			if uintptr(c) >= n {
				return uintptr(c)
			}
		}
	}
	return (n + pageSize - 1) &^ (pageSize - 1)
}

// AllocBytes is the heap bytes (as HeapAlloc counts them) of one allocation
// of n bytes; scan says whether the type has pointers. The malloc-header rule
// is version specific (mallocHeaderBytes, in the per-version file).
func AllocBytes(n uintptr, scan bool) int64 {
	if n == 0 {
		return 0
	}
	return int64(classSize(n + mallocHeaderBytes(n, scan)))
}

// UsableBytes is what an allocation of n bytes can hold (the runtime's
// roundupsize): the size class minus any malloc header. makeBucketArray and
// growslice size their requests with it.
func UsableBytes(n uintptr, scan bool) uintptr {
	h := mallocHeaderBytes(n, scan)
	return classSize(n+h) - h
}
