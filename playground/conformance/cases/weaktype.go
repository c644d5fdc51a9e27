// A cache whose values are weak pointers: map[string]weak.Pointer[T].
package main

import (
	"fmt"
	"runtime"
	"weak"
)

type page struct {
	url  string
	body [2048]byte
}

var cache = map[string]weak.Pointer[page]{}

func get(url string) *page {
	if p := cache[url].Value(); p != nil {
		return p
	}
	p := &page{url: url}
	cache[url] = weak.Make(p)
	return p
}

func main() {
	a := get("/a")
	fmt.Println(get("/a") == a)
	runtime.KeepAlive(a)
	a = nil
	runtime.GC()
	fmt.Println("collected:", cache["/a"].Value() == nil)
}
