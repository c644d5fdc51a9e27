package result

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// LoadDir reads every *.jsonl file of a data directory (one Go version).
// Runs that recorded errors are returned too; callers skip them with OK().
func LoadDir(dir string) ([]*Result, []string, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no *.jsonl in %s", dir)
	}
	sort.Strings(files)
	var rs []*Result
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<28)
		for sc.Scan() {
			r := &Result{}
			if err := json.Unmarshal(sc.Bytes(), r); err != nil {
				fh.Close()
				return nil, nil, fmt.Errorf("%s: %v", f, err)
			}
			rs = append(rs, r)
		}
		err = sc.Err()
		fh.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", f, err)
		}
	}
	return rs, files, nil
}

// OK reports whether the run finished without errors.
func (r *Result) OK() bool { return len(r.Errors) == 0 }

// ExtraAs re-decodes the mode-specific object into v.
func (r *Result) ExtraAs(v interface{}) bool {
	b, err := json.Marshal(r.Extra)
	return err == nil && json.Unmarshal(b, v) == nil
}

// LeastContended keeps, for every case, the repetition during which other
// processes used the least CPU (host.foreignCores; ties: the lower rep).
// Order follows the first appearance of each case.
func LeastContended(rs []*Result) []*Result {
	best := map[string]*Result{}
	var order []string
	for _, r := range rs {
		b, ok := best[r.Case]
		if !ok {
			order = append(order, r.Case)
		}
		if !ok || foreign(r) < foreign(b) || foreign(r) == foreign(b) && r.Rep < b.Rep {
			best[r.Case] = r
		}
	}
	out := make([]*Result, 0, len(order))
	for _, c := range order {
		out = append(out, best[c])
	}
	return out
}

func foreign(r *Result) float64 {
	if r.Host == nil {
		return 0
	}
	return r.Host.ForeignCores
}

// ForcedMarkCPU returns, for each timed runtime.GC() after phase, the mark
// CPU of its cycle: gctrace's assist+background+idle time, capped by the
// process CPU time (getrusage) the call used. gctrace measures worker time
// with nanotime, so a worker thread the kernel paused for other processes
// still counts as marking; getrusage does not, but it also holds the sweep
// that runtime.GC() finishes (a few % above the mark CPU when the machine is
// idle). The cap keeps contention out. Cycles and calls are paired in order
// when each call ran exactly one cycle; otherwise the gctrace values are
// returned uncapped.
func (r *Result) ForcedMarkCPU(phase string) []float64 {
	var out []float64
	for _, c := range r.Cycles {
		if c.Window == phase+".forcedGc" && c.Forced {
			out = append(out, float64(c.MarkCpuNs()))
		}
	}
	p := r.PhaseByName(phase)
	if p == nil || p.ForcedGcNs == nil || len(p.ForcedGcNs.CpuNs) != len(out) {
		return out
	}
	for i, cpu := range p.ForcedGcNs.CpuNs {
		if float64(cpu) < out[i] && cpu > 0 {
			out[i] = float64(cpu)
		}
	}
	return out
}
