// Map basics: insert, delete, comma-ok, len, clear, and sorted iteration.
package main

import (
	"fmt"
	"sort"
)

func main() {
	m := make(map[string]int, 8)
	for i, k := range []string{"a", "b", "c", "d"} {
		m[k] = i
	}
	delete(m, "b")
	v, ok := m["b"]
	fmt.Println(len(m), v, ok)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	clear(m)
	fmt.Println(len(m))
	type key struct{ a, b int }
	mk := map[key]*int{}
	x := 5
	mk[key{1, 2}] = &x
	fmt.Println(*mk[key{1, 2}], mk[key{2, 1}] == nil)
}
