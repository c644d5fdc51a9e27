// Compiled Go tracks which local variables are still live: a map that the
// rest of the function never reads can be collected even though the
// variable is still in scope.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	m := make(map[int]*[256]byte)
	for i := 0; i < 50000; i++ {
		m[i] = new([256]byte)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("map still on the heap after GC:", ms.HeapAlloc > 10<<20)
	m = nil
	fmt.Println(len(m))
}
