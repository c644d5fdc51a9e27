// weak.Pointer: Value is the original pointer while the object is
// reachable and nil after it has been collected; equal pointers give equal
// weak pointers. (The object is made in a helper function: see liveness.go
// for why the interpreter would keep it alive if main made it.)
package main

import (
	"fmt"
	"runtime"
	"weak"
)

type entry struct {
	key  string
	blob [4096]byte
}

var strong *entry

// alloc heap-allocates (a global's initializer would be static data).
func alloc() { strong = &entry{key: "k1"} }

func main() {
	alloc()
	w1 := weak.Make(strong)
	w2 := weak.Make(strong)
	fmt.Println("same object, equal weak pointers:", w1 == w2)
	// Value is called in closures so that no strong pointer is left in
	// main's own frame (see liveness.go).
	alive := func() bool { return w1.Value() != nil && w1.Value().key == "k1" }
	fmt.Println("alive:", alive())
	strong = nil
	runtime.GC()
	fmt.Println("collected:", !alive())
}
