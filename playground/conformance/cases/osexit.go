// os.Exit ends the program at once: deferred calls do not run.
package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("deferred (must not print)")
	fmt.Println("exiting with 3")
	os.Exit(3)
}
