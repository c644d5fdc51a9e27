// Command yaegirun runs a Go file with the browser runner's interpreter
// natively: a quick way to tell an interpreter difference from a wasm one.
//
//	go run ./cmd/yaegirun prog.go [args...]
//	go run ./cmd/yaegirun -packages     the import paths a program may use
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"gomapgclab/playground/runner"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-packages" {
		for _, p := range runner.Available() {
			fmt.Println(p)
		}
		return
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: yaegirun FILE.go [args...]")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	runner.ExitHook = func(int) {} // os.Exit really exits, as in Go
	res := runner.Run(string(src), runner.Options{Args: os.Args[2:], Env: map[string]string{}})
	b, _ := json.Marshal(res)
	fmt.Fprintf(os.Stderr, "yaegirun: %s\n", b)
	os.Exit(res.ExitCode)
}
