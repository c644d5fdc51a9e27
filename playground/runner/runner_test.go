package runner

import (
	"io"
	"os"
	"strings"
	"testing"
)

// capture runs one program with os.Stdout and os.Stderr redirected to pipes.
func capture(t *testing.T, code string, args ...string) (stdout, stderr string, res Result) {
	t.Helper()
	oldOut, oldErr := os.Stdout, os.Stderr
	ro, wo, _ := os.Pipe()
	re, we, _ := os.Pipe()
	os.Stdout, os.Stderr = wo, we
	outC, errC := make(chan string), make(chan string)
	go func() { b, _ := io.ReadAll(ro); outC <- string(b) }()
	go func() { b, _ := io.ReadAll(re); errC <- string(b) }()
	res = Run(code, Options{Args: args, Env: map[string]string{}})
	wo.Close()
	we.Close()
	os.Stdout, os.Stderr = oldOut, oldErr
	return <-outC, <-errC, res
}

const flagProg = `package main

import (
	"flag"
	"fmt"
)

func main() {
	n := flag.Int("n", 3, "how many")
	name := flag.String("name", "go", "a name")
	flag.Parse()
	fmt.Println(*n, *name, flag.Args(), flag.NArg(), flag.Parsed())
}
`

// Each run has its own flag set: defining "n" again in the next run is not a
// redefinition, and the run's arguments are what flag.Parse reads.
func TestFlagPerRun(t *testing.T) {
	out, _, res := capture(t, flagProg, "-n", "7", "rest")
	if res.ExitCode != 0 || out != "7 go [rest] 1 true\n" {
		t.Fatalf("first run: %q %+v", out, res)
	}
	out, _, res = capture(t, flagProg)
	if res.ExitCode != 0 || out != "3 go [] 0 true\n" {
		t.Fatalf("second run: %q %+v", out, res)
	}
}

// A bad flag exits with status 2 after the usage, -help with 0, as
// flag.CommandLine's ExitOnError does.
func TestFlagErrors(t *testing.T) {
	_, errOut, res := capture(t, flagProg, "-bogus")
	if res.ExitCode != 2 || !strings.Contains(errOut, "flag provided but not defined: -bogus") || !strings.Contains(errOut, "Usage of main:") {
		t.Fatalf("bad flag: %q %+v", errOut, res)
	}
	_, errOut, res = capture(t, flagProg, "-help")
	if res.ExitCode != 0 || !strings.Contains(errOut, "-name string") {
		t.Fatalf("-help: %q %+v", errOut, res)
	}
}

func TestUnavailablePackage(t *testing.T) {
	_, _, res := capture(t, "package main\nimport \"net/http\"\nfunc main() { _ = http.Get }\n")
	if res.ErrorKind != "unavailable-package" || !strings.Contains(res.Error, "net/http") {
		t.Fatalf("%+v", res)
	}
}

func TestAvailableHasBookPackages(t *testing.T) {
	have := map[string]bool{}
	for _, p := range Available() {
		have[p] = true
	}
	for _, p := range []string{"flag", "fmt", "runtime", "runtime/metrics", "sort", "strconv", "strings", "sync", "sync/atomic", "time", "unique", "weak"} {
		if !have[p] {
			t.Errorf("%s is not available", p)
		}
	}
}
