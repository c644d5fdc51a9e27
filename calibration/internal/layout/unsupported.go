//go:build !go1.19 || (go1.20 && !go1.26) || go1.27

// Any toolchain other than go1.19.x and go1.26.x: the runtime's map structs
// were not checked against it, so the reader refuses to guess.

package layout

import (
	"fmt"
	"runtime"
)

// Impl names the map implementation this binary reads.
const Impl = "unsupported"

// Supported reports whether Read works on this toolchain.
const Supported = false

func mallocHeaderBytes(n uintptr, scan bool) uintptr { return 0 }

// CheckVersion always fails here.
func CheckVersion() error {
	return fmt.Errorf("layout: no verified map layout for %s (supported: go1.19.x classic, go1.26.x swiss)", runtime.Version())
}

// Read always fails here.
func Read(m interface{}) (Snapshot, error) { return Snapshot{}, CheckVersion() }

// Shape is unavailable here.
func Shape(m interface{}) (count, B, dirLen, cap0 int) { return 0, 0, 0, 0 }
