// defer runs in LIFO order; recover stops a panic; named results can be
// changed by a deferred function.
package main

import (
	"errors"
	"fmt"
)

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println(safeDiv(7, 2))
	_, err := safeDiv(1, 0)
	fmt.Println(err)
	wrapped := fmt.Errorf("outer: %w", errors.New("inner"))
	fmt.Println(errors.Unwrap(wrapped))
}
