package runner

import (
	"io/fs"
	"reflect"
	"strings"
)

// gopathFS serves the embedded shim sources as GOPATH "/": the interpreter
// asks for "/src/weak" and the like; anything else does not exist, so a
// program cannot import other source packages.
type gopathFS struct{ sub fs.FS }

func (g gopathFS) Open(name string) (fs.File, error) {
	name = strings.TrimPrefix(name, "/")
	name = strings.TrimPrefix(name, "src/")
	if name == "" || name == "src" {
		name = "."
	}
	return g.sub.Open(name)
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }
