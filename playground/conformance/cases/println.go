// The builtin println writes to standard error, not standard output.
package main

import "fmt"

func main() {
	fmt.Println("to stdout")
	println("to stderr", 42, true)
}
