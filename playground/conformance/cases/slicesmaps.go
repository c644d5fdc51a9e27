// The generic slices and maps packages.
package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	s := []int{3, 1, 2}
	slices.Sort(s)
	fmt.Println(s, slices.Contains(s, 2), slices.Index(s, 3), slices.Max(s))
	m := map[string]int{"a": 1, "b": 2}
	c := maps.Clone(m)
	c["a"] = 100
	fmt.Println(m["a"], c["a"], len(c))
	fmt.Println(slices.Sorted(maps.Keys(m)))
}
