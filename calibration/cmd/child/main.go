// Command child runs ONE calibration scenario on the runtime it was built
// with and prints one result object (calibration/FORMAT.md) as JSON on
// stdout. It is started by cmd/runner with GODEBUG=gctrace=1,gcpacertrace=1,
// GOGC, GOMAXPROCS and GOMEMLIMIT in its environment; the runner parses the
// gctrace lines from stderr and joins them to the windows printed here.
//
// Usage: child [-scenario FILE]   (default: scenario JSON on stdin)
//
// Modes (scenario.mode): "map" (default; FORMAT v1 phases, or churn when
// scenario.churn is set), "tts", "syncmap", "rules", "micro". The program
// refuses a runtime whose map layout was not verified (see internal/layout).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"gomapgclab/calibration/internal/layout"
	"gomapgclab/calibration/internal/result"
)

func main() {
	file := flag.String("scenario", "", "scenario JSON file (default: stdin)")
	flag.Parse()
	if err := run(*file); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
}

func run(file string) error {
	var in io.Reader = os.Stdin
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	var s result.Scenario
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("scenario: %v", err)
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if err := layout.CheckVersion(); err != nil {
		return err
	}
	if s.Impl != layout.Impl {
		return fmt.Errorf("scenario impl %q but %s has %q maps", s.Impl, runtime.Version(), layout.Impl)
	}
	applyRuntimeSettings(&s)

	res := &result.Result{
		Scenario:  s,
		GoVersion: runtime.Version(),
		Goarch:    runtime.GOARCH,
		CPU:       cpuModel(),
		Cores:     runtime.NumCPU(),
	}
	res.Source = fmt.Sprintf("%s %s/%s, %s, %d cores", res.GoVersion, runtime.GOOS, res.Goarch, res.CPU, res.Cores)
	rec := newRecorder()
	var err error
	switch {
	case s.Mode == "tts":
		err = runTts(&s, rec, res)
	case s.Mode == "syncmap":
		err = runSyncMap(&s, rec, res)
	case s.Mode == "rules":
		err = runRules(&s, rec, res)
	case s.Mode == "micro":
		err = runMicro(&s, rec, res)
	case s.Churn != nil:
		err = runChurn(&s, rec, res)
	default:
		err = runMap(&s, rec, res)
	}
	rec.close()
	if err != nil {
		res.Errors = append(res.Errors, err.Error())
	}
	res.Windows = rec.windows
	res.GcPauses = rec.pauses()
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	if e := enc.Encode(res); e != nil {
		return e
	}
	if e := w.Flush(); e != nil {
		return e
	}
	return err
}

// applyRuntimeSettings makes the scenario's GOGC, GOMEMLIMIT and GOMAXPROCS
// hold even when the child is started by hand without the environment.
func applyRuntimeSettings(s *result.Scenario) {
	debug.SetGCPercent(s.Gogc) // -1 = off
	if s.Gomemlimit != nil {
		debug.SetMemoryLimit(*s.Gomemlimit)
	}
	if runtime.GOMAXPROCS(0) != s.Gomaxprocs {
		runtime.GOMAXPROCS(s.Gomaxprocs)
	}
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			if i := strings.Index(line, ":"); i >= 0 {
				return strings.TrimSpace(line[i+1:])
			}
		}
	}
	return "unknown CPU"
}
