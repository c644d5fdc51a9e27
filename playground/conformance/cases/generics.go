// Generic functions with type inference, including from a function literal.
package main

import "fmt"

type Number interface{ ~int | ~int64 | ~float64 }

func Sum[T Number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	fmt.Println(Sum([]int{1, 2, 3}), Sum([]float64{1.5, 2.5}))
	fmt.Println(Map[int, string]([]int{1, 2}, func(x int) string { return fmt.Sprint("#", x) }))
	fmt.Println(Map([]int{1, 2}, func(x int) string { return fmt.Sprint("#", x) }))
}
