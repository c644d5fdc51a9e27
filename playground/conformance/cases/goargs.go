// Arguments of a go statement are evaluated when the statement runs.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	got := make([]int, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i] = i * i
		}(i)
	}
	wg.Wait()
	fmt.Println(got)
}
