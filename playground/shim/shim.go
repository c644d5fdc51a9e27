// Package shim gives interpreted programs the generic packages weak (Go
// 1.24) and unique (Go 1.23), which `yaegi extract` cannot export because
// their API is generic and their implementation lives in the runtime.
//
// Design: the interpreter loads small Go sources for weak and unique (in
// src/, embedded) whose generic types wrap one non-generic native handle
// from this package:
//
//   - WeakHandle holds a real weak.Pointer to the object's first byte plus
//     the object's type. The runtime's weak handles are per object (the
//     handle is keyed by the address), so a weak.Pointer[byte] to the same
//     address becomes nil at exactly the same GC cycle as a weak.Pointer[T]
//     would, and Value rebuilds the typed pointer with reflect.NewAt.
//   - UniqueHandle is a real unique.Handle[any]: the value is canonicalised
//     by the runtime's unique map, keyed by dynamic type and value, so two
//     Make calls with equal values give equal handles, as with Handle[T].
//
// What differs from the real packages is listed in
// playground/conformance/KNOWN_DIFFERENCES.md.
package shim

import (
	"embed"
	"reflect"
	"unique"
	"unsafe"
	"weak"
)

// Sources holds src/weak/weak.go and src/unique/unique.go, laid out as a
// GOPATH so the interpreter finds them with GoPath "/".
//
//go:embed src
var Sources embed.FS

// WeakHandle is the native part of weak.Pointer[T].
type WeakHandle struct {
	p   weak.Pointer[byte]
	typ reflect.Type // the pointer type *T; holds no reference to the object
}

// MakeWeak takes a *T as any. A nil pointer gives the zero handle, whose
// Value is nil, as weak.Make(nil) does.
func MakeWeak(ptr any) WeakHandle {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer {
		panic("weak.Make: argument is not a pointer")
	}
	if v.IsNil() {
		return WeakHandle{typ: v.Type()}
	}
	return WeakHandle{p: weak.Make((*byte)(v.UnsafePointer())), typ: v.Type()}
}

// Value returns the *T as any, or nil once the object has been collected.
func (h WeakHandle) Value() any {
	b := h.p.Value()
	if b == nil {
		return nil
	}
	return reflect.NewAt(h.typ.Elem(), unsafe.Pointer(b)).Interface()
}

// Load stores the *T into dst, a **T, or nil once the object has been
// collected. (Interpreted generic code cannot type-assert to *T reliably,
// so the shim hands the typed pointer over through reflect.)
func (h WeakHandle) Load(dst any) {
	d := reflect.ValueOf(dst).Elem()
	if v := h.Value(); v != nil {
		d.Set(reflect.ValueOf(v))
	} else {
		d.SetZero()
	}
}

// IsNil reports whether Value would return nil, without making a strong
// pointer (which would keep the object alive a little longer).
func (h WeakHandle) IsNil() bool { return h.p.Value() == nil }

// UniqueHandle is the native part of unique.Handle[T].
type UniqueHandle struct{ h unique.Handle[any] }

// MakeUnique canonicalises v (a comparable value) through the runtime's
// unique map.
func MakeUnique(v any) UniqueHandle { return UniqueHandle{unique.Make(v)} }

// Value returns the canonical copy.
func (h UniqueHandle) Value() any { return h.h.Value() }

// Load stores the canonical copy into dst, a *T.
func (h UniqueHandle) Load(dst any) { reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(h.h.Value())) }
