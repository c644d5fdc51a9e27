// What a panic looks like in the playground: the message and exit status 2,
// as with go run. A recovered panic does not end the program.
package main

import "fmt"

func lookup(sessions map[string]int, id string) int {
	v, ok := sessions[id]
	if !ok {
		panic(fmt.Sprintf("session %q not found", id))
	}
	return v
}

func safeLookup(sessions map[string]int, id string) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return lookup(sessions, id), nil
}

func main() {
	sessions := map[string]int{"a": 1}
	_, err := safeLookup(sessions, "b")
	fmt.Println(err)
	fmt.Println(lookup(sessions, "a"))
	fmt.Println(lookup(sessions, "c")) // not recovered: the program ends here
}
