// Package gorunnerrt holds what the rewrite package (../../../rewrite)
// substitutes for Go 1.21 builtins the interpreter lacks. Programs do not
// import it themselves.
package gorunnerrt

import "gomapgclab/playground/shim"

// ordered is cmp.Ordered, spelled out (the interpreter's cmp is a source
// package too and generic constraints across packages are fragile there).
type ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

// Min is the min builtin. (Type parameters are not called T: yaegi mixes
// them up with a type T of the program.)
func Min[Ord ordered](x Ord, y ...Ord) Ord {
	m := x
	for _, v := range y {
		if v < m || v != v { // a NaN wins, as in the builtin
			m = v
		}
	}
	return m
}

// Max is the max builtin.
func Max[Ord ordered](x Ord, y ...Ord) Ord {
	m := x
	for _, v := range y {
		if v > m || v != v {
			m = v
		}
	}
	return m
}

// Clear is the clear builtin.
func Clear(x any) { shim.Clear(x) }

// Print is the print builtin.
func Print(args ...any) { shim.Print(args...) }

// Println is the println builtin.
func Println(args ...any) { shim.Println(args...) }
