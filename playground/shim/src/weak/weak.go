// Package weak is the browser runner's stand-in for the standard weak
// package: the same API over a real runtime weak pointer (see ../../shim.go).
package weak

import "gomapgclab/playground/shim"

// Pointer is a weak pointer to a value of type T.
type Pointer[WeakT any] struct {
	h shim.WeakHandle
}

// Make creates a weak pointer from a pointer to some value of type T.
func Make[WeakT any](ptr *WeakT) Pointer[WeakT] {
	return Pointer[WeakT]{h: shim.MakeWeak(ptr)}
}

// Value returns the original pointer, or nil if the value has been reclaimed.
// (The named result works around a yaegi bug with an unnamed *WeakT result in a
// The type parameter is not called T: yaegi mixes it up with a type T
// declared in the program.
// method of a generic type: "cannot indirect".)
func (p Pointer[WeakT]) Value() (r *WeakT) {
	r = nil
	p.h.Load(&r)
	return r
}
