// weak.Pointer becomes nil once the object is unreachable; unique.Make
// gives equal handles for equal values.
package main

import (
	"fmt"
	"runtime"
	"unique"
	"weak"
)

type blob struct{ b [1024]byte }

func main() {
	p := &blob{}
	w := weak.Make(p)
	fmt.Println("alive:", w.Value() == p)
	runtime.KeepAlive(p)
	p = nil
	runtime.GC()
	fmt.Println("collected:", w.Value() == nil)

	a := unique.Make("session-" + fmt.Sprint(42))
	b := unique.Make("session-42")
	c := unique.Make("session-43")
	fmt.Println(a == b, a == c, a.Value())
}
