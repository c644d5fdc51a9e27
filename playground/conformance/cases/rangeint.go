// Go 1.22 range over an integer, min/max builtins and clear on a slice.
package main

import "fmt"

func main() {
	s := 0
	for i := range 5 {
		s += i
	}
	fmt.Println(s, min(3, 1, 2), max(2.5, 1.0))
	xs := []int{1, 2, 3}
	clear(xs)
	fmt.Println(xs)
}
