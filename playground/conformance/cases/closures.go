// A closure that captures a variable declared inside the loop body.
package main

import "fmt"

func counter() func() int {
	n := 0
	return func() int { n++; return n }
}

func main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		v := i * 10
		fs = append(fs, func() int { return v })
	}
	for _, f := range fs {
		fmt.Println(f())
	}
	c := counter()
	c()
	c()
	fmt.Println("counter:", c())
}
