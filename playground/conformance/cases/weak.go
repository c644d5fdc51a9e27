// weak.Pointer: Value is the original pointer while the object is
// reachable and nil after it has been collected; equal pointers give equal
// weak pointers.
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

func main() {
	e := &entry{key: "k1"}
	w1 := weak.Make(e)
	w2 := weak.Make(e)
	fmt.Println("same object, equal weak pointers:", w1 == w2)
	fmt.Println("alive:", w1.Value() == e, w1.Value().key)
	runtime.KeepAlive(e)
	e = nil
	runtime.GC()
	fmt.Println("collected:", w1.Value() == nil)
	var zero weak.Pointer[entry]
	fmt.Println("zero value:", zero.Value() == nil)
}
