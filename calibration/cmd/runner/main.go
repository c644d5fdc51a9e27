// Command runner records calibration data sets: it builds cmd/child with
// the chosen Go toolchain, runs every case of a plan in a fresh process (GOGC,
// GOMAXPROCS, GOMEMLIMIT and GODEBUG=gctrace=1,gcpacertrace=1 in the child's
// environment), parses the child's gctrace lines, joins them to the child's
// windows and MemStats pauses, records host contention, and appends one
// result per line to <out>/<goversion>/<group>.jsonl.
//
// Usage (from calibration/):
//
//	go run ./cmd/runner -go /usr/lib/go-1.19/bin/go -plan full -out data
//	go run ./cmd/runner -go go -plan ci -out /tmp/x -check
//
// Repetitions run rep-major (every case once, then again) so that drift of
// the host's load spreads over all cases. With -check, every result is held
// to the runtime's structural rules (check.go) and the exit status is 1 if
// any check or child fails twice (a failed run is run once more: see run).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"gomapgclab/calibration/internal/gctrace"
	"gomapgclab/calibration/internal/result"
)

func main() {
	goBin := flag.String("go", "go", "go command of the toolchain to measure")
	planName := flag.String("plan", "ci", "plan: ci | quick | full")
	out := flag.String("out", "data", "output directory; results go to <out>/<goversion>/<group>.jsonl")
	filter := flag.String("filter", "", "only cases whose id contains all these comma-separated terms")
	check := flag.Bool("check", false, "hold every result to the runtime's rules; exit 1 on failure")
	appendOut := flag.Bool("append", false, "append to existing data files instead of replacing them")
	maxReps := flag.Int("reps", 0, "cap repetitions per case (0 = plan's)")
	timeout := flag.Duration("timeout", 4*time.Minute, "per-run timeout")
	retry := flag.Bool("retry-failed", false, "drop the runs with errors from <out>/<goversion>/*.jsonl and run those (case, rep) pairs again")
	flag.Parse()
	if err := run(*goBin, *planName, *out, *filter, *check, *appendOut, *retry, *maxReps, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "runner:", err)
		os.Exit(1)
	}
}

func run(goBin, planName, out, filter string, check, appendOut, retry bool, maxReps int, timeout time.Duration) error {
	start := time.Now()
	ver, err := goVersion(goBin)
	if err != nil {
		return err
	}
	impl := ""
	switch {
	case strings.HasPrefix(ver, "go1.19."):
		impl = "classic"
	case strings.HasPrefix(ver, "go1.26."):
		impl = "swiss"
	default:
		return fmt.Errorf("%s: no verified map layout (supported: go1.19.x, go1.26.x)", ver)
	}
	bin, err := buildChild(goBin, ver)
	if err != nil {
		return err
	}
	plan, err := buildPlan(planName, impl)
	if err != nil {
		return err
	}
	plan = filterPlan(plan, filter)
	reps := 0
	for i := range plan {
		if maxReps > 0 && plan[i].Reps > maxReps {
			plan[i].Reps = maxReps
		}
		if plan[i].Reps > reps {
			reps = plan[i].Reps
		}
	}
	total := 0
	for _, c := range plan {
		total += c.Reps
	}
	// A child built with GOEXPERIMENT set (e.g. nogreenteagc, to measure Go 1.26 without Green Tea) is another
	// runtime: its results get their own directory, <goversion>+<experiment>.
	if x := os.Getenv("GOEXPERIMENT"); x != "" {
		ver += "+" + x
	}
	dir := filepath.Join(out, ver)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var only map[string]bool // retry: "case#rep" pairs to run
	if retry {
		if only, err = dropFailed(dir); err != nil {
			return err
		}
		appendOut = true
		total = 0
		for _, c := range plan {
			for rep := 1; rep <= c.Reps; rep++ {
				if only[fmt.Sprintf("%s#%d", c.ID, rep)] {
					total++
				}
			}
		}
	}
	files := map[string]*bufio.Writer{}
	var closers []*os.File
	defer func() {
		for _, w := range files {
			w.Flush()
		}
		for _, f := range closers {
			f.Close()
		}
	}()
	writer := func(group string) (*bufio.Writer, error) {
		if w, ok := files[group]; ok {
			return w, nil
		}
		mode := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
		if appendOut {
			mode = os.O_CREATE | os.O_WRONLY | os.O_APPEND
		}
		f, err := os.OpenFile(filepath.Join(dir, group+".jsonl"), mode, 0o644)
		if err != nil {
			return nil, err
		}
		closers = append(closers, f)
		files[group] = bufio.NewWriter(f)
		return files[group], nil
	}

	fmt.Fprintf(os.Stderr, "runner: %s (%s maps), plan %s, %d cases, %d runs -> %s\n", ver, impl, planName, len(plan), total, dir)
	failures, done := 0, 0
	for rep := 1; rep <= reps; rep++ {
		for _, c := range plan {
			if rep > c.Reps || only != nil && !only[fmt.Sprintf("%s#%d", c.ID, rep)] {
				continue
			}
			done++
			res := runOne(bin, c, rep, timeout)
			problems := problemsOf(res, check)
			status := "ok"
			if len(problems) > 0 && check {
				// A run is a measurement of a live process on a shared host: once in a few dozen runs a
				// stray allocation lands inside make's HeapAlloc window (+8 B), or a churn loop falls
				// behind its schedule under load. Such a run passes when run again; a rule the runtime
				// really breaks fails every time. So a failed run is run once more, and only a second
				// failure counts; the first one is still printed.
				fmt.Fprintf(os.Stderr, "[%d/%d] %s rep %d  failed once (%s); running it again\n", done, total, c.ID, rep, strings.Join(problems, "; "))
				res = runOne(bin, c, rep, timeout)
				problems = problemsOf(res, check)
			}
			if len(problems) > 0 {
				failures++
				status = "FAIL: " + strings.Join(problems, "; ")
			}
			fc := 0.0
			if res.Host != nil {
				fc = res.Host.ForeignCores
			}
			fmt.Fprintf(os.Stderr, "[%d/%d] %s rep %d  %.2fs  foreign %.2f cores  %s\n", done, total, c.ID, rep,
				float64(res.Host.WallNs)/1e9, fc, status)
			w, err := writer(c.Group)
			if err != nil {
				return err
			}
			line, err := json.Marshal(res)
			if err != nil {
				return err
			}
			w.Write(line)
			w.WriteByte('\n')
			w.Flush()
		}
	}
	fmt.Fprintf(os.Stderr, "runner: %s done in %.1fs, %d of %d runs failed\n", ver, time.Since(start).Seconds(), failures, total)
	if failures > 0 {
		return fmt.Errorf("%d runs failed", failures)
	}
	return nil
}

// dropFailed rewrites every data file of dir without the runs that recorded
// errors and returns their "case#rep" keys.
func dropFailed(dir string) (map[string]bool, error) {
	failed := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var keep [][]byte
		for _, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var r result.Result
			if err := json.Unmarshal(line, &r); err != nil {
				return nil, fmt.Errorf("%s: %v", f, err)
			}
			if len(r.Errors) > 0 {
				failed[fmt.Sprintf("%s#%d", r.Case, r.Rep)] = true
				continue
			}
			keep = append(keep, line)
		}
		out := bytes.Join(keep, []byte("\n"))
		if len(keep) > 0 {
			out = append(out, '\n')
		}
		if err := os.WriteFile(f, out, 0o644); err != nil {
			return nil, err
		}
	}
	return failed, nil
}

func goVersion(goBin string) (string, error) {
	out, err := exec.Command(goBin, "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("%s env GOVERSION: %v", goBin, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// buildChild builds cmd/child with goBin into a temporary directory. The
// runner must be started from the calibration module root.
func buildChild(goBin, ver string) (string, error) {
	dir, err := os.MkdirTemp("", "calib-child-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "child-"+ver)
	cmd := exec.Command(goBin, "build", "-o", bin, "./cmd/child")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=-buildvcs=false")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the child with %s: %v\n%s", goBin, err, msg)
	}
	return bin, nil
}

// childEnv is the environment minus the variables the scenario sets.
func childEnv(s result.Scenario) []string {
	var env []string
	for _, e := range os.Environ() {
		switch strings.SplitN(e, "=", 2)[0] {
		case "GOGC", "GOMAXPROCS", "GOMEMLIMIT", "GODEBUG":
			continue
		}
		env = append(env, e)
	}
	gogc := fmt.Sprint(s.Gogc)
	if s.Gogc < 0 {
		gogc = "off"
	}
	env = append(env, "GOGC="+gogc, fmt.Sprintf("GOMAXPROCS=%d", s.Gomaxprocs), "GODEBUG=gctrace=1,gcpacertrace=1")
	if s.Gomemlimit != nil {
		env = append(env, fmt.Sprintf("GOMEMLIMIT=%d", *s.Gomemlimit))
	}
	return env
}

// problemsOf lists a run's errors and, with check, what it breaks of the runtime's rules.
func problemsOf(res *result.Result, check bool) []string {
	problems := append([]string(nil), res.Errors...)
	if check {
		problems = append(problems, checkResult(res)...)
	}
	return problems
}

func runOne(bin string, c planCase, rep int, timeout time.Duration) *result.Result {
	in, _ := json.Marshal(c.Scenario)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = childEnv(c.Scenario)

	l1 := load1()
	a := readCPUStat()
	t := time.Now()
	runErr := cmd.Run()
	wall := time.Since(t)
	b := readCPUStat()
	var ru *syscall.Rusage
	if cmd.ProcessState != nil {
		ru, _ = cmd.ProcessState.SysUsage().(*syscall.Rusage)
	}

	res := &result.Result{}
	if err := json.Unmarshal(stdout.Bytes(), res); err != nil {
		res = &result.Result{Scenario: c.Scenario, Errors: []string{"no result on stdout: " + err.Error()}}
	}
	cycles, rest, perr := gctrace.Parse(bytes.NewReader(stderr.Bytes()))
	if perr != nil {
		res.Errors = append(res.Errors, "gctrace: "+perr.Error())
	}
	res.Cycles = joinCycles(cycles, res.Windows, res.GcPauses)
	res.Host = hostUsage(a, b, wall, ru, l1)
	res.Case, res.Group, res.Rep = c.ID, c.Group, rep
	if runErr != nil {
		msg := runErr.Error()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			msg = "timeout after " + timeout.String()
		}
		if len(rest) > 0 {
			msg += ": " + strings.Join(tail(rest, 5), " | ")
		}
		res.Errors = append(res.Errors, "child: "+msg)
	}
	return res
}

func tail(s []string, n int) []string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// joinCycles assigns each gctrace cycle to the window in which it completed
// and adds the exact MemStats pause and its end time.
func joinCycles(cs []gctrace.Cycle, ws []result.Window, ps []result.GcPause) []result.Cycle {
	pause := map[uint32]result.GcPause{}
	for _, p := range ps {
		pause[p.N] = p
	}
	out := make([]result.Cycle, 0, len(cs))
	for _, c := range cs {
		rc := result.Cycle{Cycle: c, StartNs: -1, EndNs: -1}
		if p, ok := pause[uint32(c.N)]; ok {
			ns := int64(p.Ns)
			rc.PauseNs = &ns
			rc.EndNs = p.EndNs
			rc.StartNs = p.EndNs - (c.Stw1Ns + c.MarkNs + c.Stw2Ns)
		}
		for _, w := range ws {
			if uint32(c.N) > w.NumGcFrom && uint32(c.N) <= w.NumGcTo {
				rc.Window = w.Name
				break
			}
		}
		out = append(out, rc)
	}
	return out
}
