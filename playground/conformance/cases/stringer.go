// An interface value holding a type with a String method prints through it.
package main

import "fmt"

type Shape interface{ Area() int }

type Rect struct{ W, H int }

func (r Rect) Area() int      { return r.W * r.H }
func (r Rect) String() string { return fmt.Sprintf("Rect(%dx%d)", r.W, r.H) }

func main() {
	r := Rect{2, 3}
	fmt.Println(r)
	var s Shape = r
	fmt.Println(s, s.Area())
	var st fmt.Stringer = r
	fmt.Println(st)
	fmt.Printf("%v %s\n", s, s)
}
