package main

// Key and value generators for FORMAT.md's types, and mapOps: the map
// operations every mode needs, implemented once generically and chosen by
// newOps from the scenario's key/value names. Loops run inside the generic
// code, so the interface is crossed once per batch, not once per key.
//
// Every generated key and value is a fresh heap object where the type has
// heap data, like a real program's, so HeapObjects counts one object per
// string key and per pointer or string value.

import (
	"fmt"
	"time"
)

// Pointer-free payloads of exactly 64, 256 and 1024 bytes.
type p64 struct{ b [64]byte }
type p256 struct{ b [256]byte }
type p1024 struct{ b [1024]byte }

// struct64 is stored inline in the bucket/slot and has no pointers.
type struct64 struct{ b [64]byte }

const phi64 = 0x9E3779B97F4A7C15 // 2^64/φ: spreads i over the key space

const hexdigits = "0123456789abcdef"

// hexString returns a freshly allocated string of n (16 or 32) hex digits.
func hexString(x uint64, n int) string {
	var buf [32]byte
	y := x
	for i := 0; i < n; i++ {
		if i == 16 {
			y = x*phi64 + 1
		}
		buf[i] = hexdigits[y&15]
		y >>= 4
	}
	return string(buf[:n]) // allocates n bytes (16 B or 32 B size class)
}

// shared is the one object every ptrshared value points to.
var shared = &p64{}

// entryHeapBytes is what one entry adds to the heap outside the map itself:
// the key's string data and the value's object.
func entryHeapBytes(key, value string) int64 {
	var n int64
	if key == "string16" {
		n += 16
	}
	switch value {
	case "string32":
		n += 32
	case "ptr64":
		n += 64
	case "ptr256":
		n += 256
	case "ptr1024":
		n += 1024
	}
	return n
}

// mapOps is one live map of a fixed key/value type.
type mapOps interface {
	Make(hint int)                  // m = make(map[K]V, hint)
	Insert(from, to int)            // m[key(i)] = value(i) for i in [from, to)
	Delete(from, to int)            // delete(m, key(i)), keys regenerated (temporary garbage)
	Rebuild(hint int) time.Duration // copy m into make(map, hint), replace m; returns the copy time
	Clear()                         // range-delete idiom (compiled to mapclear)
	Len() int
	Map() interface{}
	Drop() // m = nil
}

type ops[K comparable, V any] struct {
	m  map[K]V
	kg func(int) K
	vg func(int) V
}

func (o *ops[K, V]) Make(hint int) { o.m = make(map[K]V, hint) }
func (o *ops[K, V]) Insert(from, to int) {
	m, kg, vg := o.m, o.kg, o.vg
	for i := from; i < to; i++ {
		m[kg(i)] = vg(i)
	}
}
func (o *ops[K, V]) Delete(from, to int) {
	m, kg := o.m, o.kg
	for i := from; i < to; i++ {
		delete(m, kg(i))
	}
}
func (o *ops[K, V]) Rebuild(hint int) time.Duration {
	t := time.Now()
	n := make(map[K]V, hint)
	for k, v := range o.m {
		n[k] = v
	}
	o.m = n
	return time.Since(t)
}
func (o *ops[K, V]) Clear() {
	for k := range o.m {
		delete(o.m, k)
	}
}
func (o *ops[K, V]) Len() int         { return len(o.m) }
func (o *ops[K, V]) Map() interface{} { return o.m }
func (o *ops[K, V]) Drop()            { o.m = nil }

func newOpsKV[K comparable, V any](kg func(int) K, vg func(int) V) mapOps {
	return &ops[K, V]{kg: kg, vg: vg}
}

// newOps picks the instantiation for a key/value pair. seed shifts the key
// sequence; the runtime's own hash seed is random per map and cannot be set,
// so bucket placement (overflow counts, tombstones) varies between runs.
func newOps(key, value string, seed int64) (mapOps, error) {
	switch key {
	case "int64":
		return withValue(func(i int) int64 { return int64(i) + seed<<40 }, value)
	case "string16":
		return withValue(func(i int) string { return hexString((uint64(i)+uint64(seed)<<40)*phi64, 16) }, value)
	}
	return nil, fmt.Errorf("unknown key type %q", key)
}

func withValue[K comparable](kg func(int) K, value string) (mapOps, error) {
	switch value {
	case "int64":
		return newOpsKV(kg, func(i int) int64 { return int64(i) }), nil
	case "struct64":
		return newOpsKV(kg, func(i int) struct64 { var s struct64; s.b[0] = byte(i); return s }), nil
	case "string32":
		return newOpsKV(kg, func(i int) string { return hexString(uint64(i)*phi64+7, 32) }), nil
	case "ptr64":
		return newOpsKV(kg, func(i int) *p64 { p := new(p64); p.b[0] = 1; return p }), nil
	case "ptr256":
		return newOpsKV(kg, func(i int) *p256 { p := new(p256); p.b[0] = 1; return p }), nil
	case "ptr1024":
		return newOpsKV(kg, func(i int) *p1024 { p := new(p1024); p.b[0] = 1; return p }), nil
	case "ptrshared":
		return newOpsKV(kg, func(i int) *p64 { return shared }), nil
	}
	return nil, fmt.Errorf("unknown value type %q", value)
}
