// Conformance programs: each *.go file under cases/ and book/ is one
// complete program (package main), run alone with `go run FILE`. This is a
// separate module so that `go build ./...` in playground/ skips them.
module gomapgclab/playground/conformance

go 1.26
