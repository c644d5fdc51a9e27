// Package runner is the portable core of the browser Go runner: it runs one
// Go program in a fresh yaegi interpreter with the curated standard library,
// formats code with go/format, and reports its versions. It has no
// syscall/js dependency, so `go test` exercises it natively; cmd/runner adds
// the JavaScript glue for GOOS=js.
//
// Output: the interpreter writes straight to os.Stdout and os.Stderr (fds 1
// and 2), the same fds the Go runtime writes its own messages to (gctrace,
// fatal errors). On js/wasm every write is one synchronous call of the
// host's fs.writeSync, so the host sees program output, gctrace lines and
// crash messages in the order they happened, as they happen.
//
// Lifecycle of one run (numbers are cited by comments below):
//  1. The imports are checked against what the runner has; a missing
//     package is reported by name before anything runs.
//  2. GOGC and GOMEMLIMIT from the run's env are applied with runtime/debug
//     (the runtime reads the environment only at process start).
//  3. The program is compiled and main runs; a panic that escapes (from the
//     program or from the interpreter itself) is recovered and reported.
//  4. Goroutines still alive when main returns are counted: real Go kills
//     them at exit, so the host must restart the process to do the same.
package runner

import (
	"errors"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
	yunsafe "github.com/traefik/yaegi/stdlib/unsafe"

	"gomapgclab/playground/rewrite"
	"gomapgclab/playground/shim"
	"gomapgclab/playground/symbols"
)

// Options are the inputs of one run besides the code.
type Options struct {
	Env  map[string]string // seen by os.Getenv; GOGC and GOMEMLIMIT also apply (rule 2)
	Args []string          // os.Args[1:]
}

// Result is what a finished run reports.
type Result struct {
	ExitCode int    `json:"exitCode"`
	Error    string `json:"error,omitempty"`
	// ErrorKind classifies Error: "compile", "panic", "unavailable-package",
	// "exit" (os.Exit with a non-zero code) or "" when the run succeeded.
	ErrorKind string `json:"errorKind,omitempty"`
	// Goroutines alive after main returned, besides the runner's own (rule 4).
	LeakedGoroutines int     `json:"leakedGoroutines"`
	CompileMs        float64 `json:"compileMs"`
	RunMs            float64 `json:"runMs"`
}

// Available lists the import paths a program may use. Kept in one place so
// the import check (rule 1), the docs and the tests agree.
func Available() []string {
	seen := map[string]bool{"unsafe": true, "weak": true, "unique": true}
	for k := range symbols.Symbols {
		if k == "." || strings.HasPrefix(k, "gomapgclab/") { // the shims' native half is not for programs
			continue
		}
		seen[k[:strings.LastIndex(k, "/")]] = true
	}
	for _, p := range []string{"cmp", "maps", "slices"} { // yaegi's generic sources
		seen[p] = true
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// UnavailableError names a package the interpreter does not have.
type UnavailableError struct{ Path string }

func (e UnavailableError) Error() string {
	return fmt.Sprintf("package %s is not available in the browser runner; open the program in go.dev/play to run it with the full toolchain", e.Path)
}

// CheckImports is rule 1.
func CheckImports(code string) error {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", code, parser.ImportsOnly)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, p := range Available() {
		have[p] = true
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if !have[p] {
			return UnavailableError{p}
		}
	}
	return nil
}

// exitRequest is what os.Exit panics with inside the interpreter; Run turns
// it into the exit code. It is a distinct type so `recover()` in the
// program sees a value it cannot mistake for its own.
type exitRequest struct{ code int }

// ExitHook, when set, is called by os.Exit in the program before the
// process ends (cmd/runner uses it to report the exit). If nil, os.Exit
// ends the run with that code instead (used by native tests).
var ExitHook func(code int)

var useOnce sync.Once

func newInterp(opts Options) (*interp.Interpreter, error) {
	env := make([]string, 0, len(opts.Env))
	for k, v := range opts.Env {
		env = append(env, k+"="+v)
	}
	sub, err := fs.Sub(shim.Sources, "src")
	if err != nil {
		return nil, err
	}
	i := interp.New(interp.Options{
		Stdout: os.Stdout, Stderr: os.Stderr,
		Args: append([]string{"main"}, opts.Args...),
		Env:  env,
		// The weak/unique shims are source packages under src/.
		GoPath:               "/",
		SourcecodeFilesystem: gopathFS{sub},
	})
	if err := i.Use(symbols.Symbols); err != nil {
		return nil, err
	}
	if err := i.Use(yunsafe.Symbols); err != nil {
		return nil, err
	}
	// os.Exit: the real one ends the process and skips deferred calls. With
	// a hook the host gets the code first; without it (native tests) the
	// run ends through a panic carrying the code.
	exit := func(code int) {
		if ExitHook != nil {
			ExitHook(code)
			os.Exit(code)
		}
		panic(exitRequest{code})
	}
	if err := i.Use(interp.Exports{
		"os/os":     {"Exit": reflectValue(exit)},
		"flag/flag": flagExports("main", opts.Args, os.Stderr, exit),
	}); err != nil {
		return nil, err
	}
	return i, nil
}

// Run compiles and runs one program (rules 1-4). It never panics.
func Run(code string, opts Options) (res Result) {
	if err := CheckImports(code); err != nil {
		var ue UnavailableError
		if errors.As(err, &ue) {
			return Result{ExitCode: 1, Error: err.Error(), ErrorKind: "unavailable-package"}
		}
		return Result{ExitCode: 1, Error: err.Error(), ErrorKind: "compile"}
	}
	restore := applyGCEnv(opts.Env)
	defer restore()

	before := runtime.NumGoroutine()
	t0 := time.Now()
	defer func() { // rule 3: the interpreter itself sometimes panics
		if r := recover(); r != nil {
			res = panicResult(r, time.Since(t0))
		}
	}()
	i, err := newInterp(opts)
	if err != nil {
		return Result{ExitCode: 1, Error: err.Error(), ErrorKind: "compile"}
	}
	rw := rewrite.Rewrite(code)
	prog, err := i.Compile(rw.Source)
	compiled := time.Now()
	res.CompileMs = ms(compiled.Sub(t0))
	if err != nil {
		res.ExitCode, res.Error, res.ErrorKind = 1, err.Error(), "compile"
		return res
	}
	_, err = i.Execute(prog)
	res.RunMs = ms(time.Since(compiled))
	if err != nil {
		var p interp.Panic
		if errors.As(err, &p) {
			r := panicResult(p.Value, 0)
			r.CompileMs, r.RunMs = res.CompileMs, res.RunMs
			return r
		}
		res.ExitCode, res.Error, res.ErrorKind = 1, err.Error(), "panic"
		return res
	}
	runtime.Gosched() // let goroutines that are about to finish do so
	res.LeakedGoroutines = max(runtime.NumGoroutine()-before, 0)
	return res
}

func panicResult(r any, d time.Duration) Result {
	if e, ok := r.(exitRequest); ok {
		res := Result{ExitCode: e.code, RunMs: ms(d)}
		if e.code != 0 {
			res.ErrorKind, res.Error = "exit", fmt.Sprintf("exit status %d", e.code)
		}
		return res
	}
	return Result{ExitCode: 2, Error: "panic: " + goPanicValue(r), ErrorKind: "panic", RunMs: ms(d)}
}

// goPanicValue prints a panic value the way the runtime's printpanicval
// does: errors and Stringers through their method, strings and basic kinds
// plainly, other values with their type (Go prints an address there).
func goPanicValue(v any) string {
	switch x := v.(type) {
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	case string:
		return x
	case nil:
		return "nil"
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64, complex64, complex128:
		return fmt.Sprint(x)
	default:
		return fmt.Sprintf("(%T) %v", x, x)
	}
}

// applyGCEnv is rule 2. It returns a function that puts the previous
// settings back, so one run's GOGC does not leak into the next.
func applyGCEnv(env map[string]string) func() {
	prevPercent := -2
	if s, ok := env["GOGC"]; ok {
		p := 100
		if s == "off" {
			p = -1
		} else if n, err := strconv.Atoi(s); err == nil {
			p = n
		}
		prevPercent = debug.SetGCPercent(p)
	}
	prevLimit := int64(-2)
	if s, ok := env["GOMEMLIMIT"]; ok {
		if n, ok := parseBytes(s); ok {
			prevLimit = debug.SetMemoryLimit(n)
		}
	}
	return func() {
		if prevPercent != -2 {
			debug.SetGCPercent(prevPercent)
		}
		if prevLimit != -2 {
			debug.SetMemoryLimit(prevLimit)
		}
	}
}

// parseBytes reads GOMEMLIMIT's syntax: a number with an optional B, KiB,
// MiB, GiB or TiB suffix, or "off".
func parseBytes(s string) (int64, bool) {
	if s == "off" {
		return 1<<63 - 1, true
	}
	units := []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n * mult, true
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Format is gofmt for one file.
func Format(code string) (string, error) {
	out, err := format.Source([]byte(code))
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// Version is the Go and yaegi versions of this build.
type Version struct {
	Go    string `json:"go"`
	Yaegi string `json:"yaegi"`
	Arch  string `json:"arch"`
}

// GetVersion reads the versions from the build info.
func GetVersion() Version {
	v := Version{Go: runtime.Version(), Yaegi: "unknown", Arch: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/traefik/yaegi" {
				v.Yaegi = d.Version
			}
		}
	}
	return v
}
