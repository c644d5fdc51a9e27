// Package unique is the browser runner's stand-in for the standard unique
// package: the same API over the runtime's real unique map (see
// ../../shim.go).
package unique

import "gomapgclab/playground/shim"

// Handle is a globally unique identity for some value of type T.
type Handle[UniqueT comparable] struct {
	h shim.UniqueHandle
}

// Make returns a globally unique handle for a value of type T.
func Make[UniqueT comparable](value UniqueT) Handle[UniqueT] {
	return Handle[UniqueT]{h: shim.MakeUnique(value)}
}

// Value returns a shallow copy of the T value that produced the Handle.
func (h Handle[UniqueT]) Value() (v UniqueT) {
	v = *new(UniqueT)
	h.h.Load(&v)
	return v
}
