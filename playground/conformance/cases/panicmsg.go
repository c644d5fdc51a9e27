// An index out of range panics with Go's own message and exit status 2.
package main

import "fmt"

func main() {
	var xs []int
	i := 3
	fmt.Println("before")
	fmt.Println(xs[i])
}
