// Command derive turns recorded calibration data (one Go version's
// data/<goversion>/*.jsonl) into the cost-constants file read by
// src/sim/costs.ts (shape: /tmp/constants.md, copied in calibration/README.md).
//
//	go run ./derive -data data/go1.19.8 -out constants/go1.19.json
//
// Every constant is {median, lo, hi, n} with lo/hi = p10/p90 (linear
// interpolation) over the samples listed below; n = number of samples.
// The derivation of each constant (which runs, which phase, which formula)
// is documented in calibration/README.md, section "Cost constants"; the
// comments on each function repeat it in short. Nothing is tuned: a sample
// enters or it does not, by the rule written here.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gomapgclab/calibration/internal/result"
	"gomapgclab/calibration/internal/stats"
)

type spread = stats.Spread

type constants struct {
	GoVersion string   `json:"goVersion"`
	Source    string   `json:"source"`
	DerivedBy string   `json:"derivedBy"`
	Spread    string   `json:"spread"`
	Data      []string `json:"data"`
	Host      spread   `json:"hostForeignCores"` // contention during the runs used
	Mutator   mutator  `json:"mutator"`
	GC        gcConsts `json:"gc"`
	Sim       simBlock `json:"sim"`
	Extra     extra    `json:"extra"`
}

type mutator struct {
	InsertNs       map[string]spread `json:"insertNs"`
	DeleteNs       map[string]spread `json:"deleteNs"`
	CopyNsPerEntry map[string]spread `json:"copyNsPerEntry"`
	AllocNsPerByte spread            `json:"allocNsPerByte"`
	ZeroBytesPerNs spread            `json:"zeroBytesPerNs"`
}

type gcConsts struct {
	ScanBytesPerNs  spread `json:"scanBytesPerNs"`
	MarkNsPerObject spread `json:"markNsPerObject"`
	MarkFixedNs     spread `json:"markFixedNs"`
	StwSweepTermNs  spread `json:"stwSweepTermNs"`
	StwMarkTermNs   spread `json:"stwMarkTermNs"`
	ForcedGcFixedNs spread `json:"forcedGcFixedNs"`
}

// simBlock: the fields of src/sim/costs.ts's optional "sim" block that this
// data measures directly (the others are the simulator's own fits).
type simBlock struct {
	Note                 string             `json:"note"`
	StwByProcs           map[string]stwPair `json:"stwByProcs,omitempty"`
	BaselineHeap         *baseline          `json:"baselineHeap,omitempty"`
	StackScanBytes       *float64           `json:"stackScanBytes,omitempty"`
	GlobalsScanBytes     *float64           `json:"globalsScanBytes,omitempty"`
	MarkCpuFactorOneProc *float64           `json:"markCpuFactorOneProc,omitempty"`
	EmptyHeapMarkCpuNs   *spread            `json:"emptyHeapMarkCpuNs,omitempty"`
	EmptyHeapMarkClockNs *spread            `json:"emptyHeapMarkClockNs,omitempty"`
}

type stwPair struct {
	SweepTermNs spread `json:"sweepTermNs"`
	MarkTermNs  spread `json:"markTermNs"`
}

type baseline struct {
	Bytes      float64 `json:"bytes"`
	Objects    float64 `json:"objects"`
	InuseBytes float64 `json:"inuseBytes"`
	N          int     `json:"n"`
}

// extra: finer breakdowns the data supports (documented in the README).
type extra struct {
	InsertNsGcOn       map[string]spread            `json:"insertNsGcOn"`
	InsertNsByN        map[string]map[string]spread `json:"insertNsByN"`
	MarkNsPerObjectByN map[string]spread            `json:"markNsPerObjectByN"`
	ScanBytesPerNsByN  map[string]spread            `json:"scanBytesPerNsByN"`
	AllocNsPerObject   map[string]spread            `json:"allocNsPerObject"`
	MemclrBytesPerNs   spread                       `json:"memclrBytesPerNs"`
	MapclearBytesPerNs *spread                      `json:"mapclearBytesPerNs"`
	TtsPauseMaxNs      map[string]spread            `json:"ttsPauseMaxNs"`
	TtsPauseMedianNs   map[string]spread            `json:"ttsPauseMedianNs"`
	PauseNs            spread                       `json:"pauseNs"`
}

func main() {
	dataDir := flag.String("data", "", "directory with one Go version's *.jsonl (e.g. data/go1.19.8)")
	out := flag.String("out", "", "constants file to write (e.g. constants/go1.19.json)")
	flag.Parse()
	if *dataDir == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: derive -data data/<goversion> -out constants/<go1.NN>.json")
		os.Exit(2)
	}
	c, err := derive(*dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "derive:", err)
		os.Exit(1)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "derive:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "derive:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "derive: wrote %s from %s\n", *out, *dataDir)
}

// load reads a data directory and keeps the runs without errors.
func load(dir string) ([]*result.Result, []string, error) {
	all, files, err := result.LoadDir(dir)
	var rs []*result.Result
	for _, r := range all {
		if r.OK() {
			rs = append(rs, r)
		}
	}
	return rs, files, err
}

func derive(dir string) (*constants, error) {
	rs, files, err := load(dir)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("no usable runs in %s", dir)
	}
	c := &constants{
		GoVersion: rs[0].GoVersion,
		Source:    rs[0].Source,
		DerivedBy: "calibration/derive/main.go",
		Spread:    "p10/p90 (linear interpolation) over the samples of each constant, taken from the least-contended repetition of each case; see calibration/README.md \"Cost constants\"",
	}
	for _, f := range files {
		c.Data = append(c.Data, filepath.ToSlash(filepath.Join(filepath.Base(filepath.Dir(f)), filepath.Base(f))))
	}
	// Time constants come from the least-contended repetition of each case
	// (lowest host.foreignCores): others' builds on this 2-core machine
	// inflate wall and CPU times several-fold.
	rs = result.LeastContended(rs)
	var foreign []float64
	for _, r := range rs {
		if r.Host != nil && r.Host.WallNs > 5e8 {
			foreign = append(foreign, r.Host.ForeignCores)
		}
	}
	c.Host = stats.P10P90(foreign)

	d := &deriver{rs: rs}
	if err := d.mutator(c); err != nil {
		return nil, err
	}
	if err := d.gc(c); err != nil {
		return nil, err
	}
	d.sim(c)
	if d.missing != nil {
		return nil, fmt.Errorf("no samples for: %s", strings.Join(d.missing, ", "))
	}
	return c, nil
}

type deriver struct {
	rs      []*result.Result
	missing []string
	fixed   float64 // markFixedNs median
	scan    float64 // scanBytesPerNs median
}

// need records a constant without samples; derive fails at the end.
func (d *deriver) need(name string, xs []float64) spread {
	if len(xs) == 0 {
		d.missing = append(d.missing, name)
		return spread{}
	}
	return round(stats.P10P90(xs))
}

func round(s spread) spread {
	r := func(x float64) float64 {
		if x == 0 || math.IsNaN(x) {
			return 0
		}
		p := math.Pow(10, 4-math.Ceil(math.Log10(math.Abs(x))))
		return math.Round(x*p) / p
	}
	return spread{Median: r(s.Median), Lo: r(s.Lo), Hi: r(s.Hi), N: s.N}
}

func (d *deriver) group(g string) []*result.Result {
	var out []*result.Result
	for _, r := range d.rs {
		if r.Group == g {
			out = append(out, r)
		}
	}
	return out
}

func kvName(s result.Scenario) string { return s.Key + "/" + s.Value }

func nName(n int) string { return fmt.Sprintf("1e%d", int(math.Round(math.Log10(float64(n))))) }

func extraOf(r *result.Result, v interface{}) bool { return r.ExtraAs(v) }

// opNs is a phase operation's process CPU time (getrusage; GOGC=off, so only
// the mutator runs), or its wall time in data recorded before cpuNs existed.
func opNs(p *result.Phase) int64 {
	if p.CpuNs > 0 {
		return p.CpuNs
	}
	return p.DurNs
}

// mutator: per-operation CPU of the map operations, measured with GOGC=off
// (group "mutator": insert N into an empty map, delete half, rebuild the
// survivors into make(map, len)) so no GC work or assist is included.
//
//	insertNs       = insert phase CPU / N        (includes growth, evacuation, key/value allocation)
//	deleteNs       = delete phase CPU / deleted  (includes regenerating each key)
//	copyNsPerEntry = rebuild copy CPU / survivors
//	allocNsPerByte = micro: ns/byte allocating objects >= 32 KiB (noscan and pointerful)
//	zeroBytesPerNs = tts "make" of a 4e6-hint pointerful map: map bytes / op wall
func (d *deriver) mutator(c *constants) error {
	ins, del, cp := map[string][]float64{}, map[string][]float64{}, map[string][]float64{}
	byN := map[string]map[string][]float64{}
	for _, r := range d.group("mutator") {
		s := r.Scenario
		kv := kvName(s)
		if p := r.PhaseByName("insert"); p != nil && s.N > 0 {
			v := float64(opNs(p)) / float64(s.N)
			ins[kv] = append(ins[kv], v)
			if byN[kv] == nil {
				byN[kv] = map[string][]float64{}
			}
			byN[kv][nName(s.N)] = append(byN[kv][nName(s.N)], v)
		}
		if p := r.PhaseByName("delete"); p != nil {
			if n := s.N - p.Count; n > 0 {
				del[kv] = append(del[kv], float64(opNs(p))/float64(n))
			}
		}
		if p := r.PhaseByName("rebuild_gc"); p != nil && p.Count > 0 {
			cp[kv] = append(cp[kv], float64(opNs(p))/float64(p.Count))
		}
	}
	c.Mutator.InsertNs = d.perKV("insertNs", ins)
	c.Mutator.DeleteNs = d.perKV("deleteNs", del)
	c.Mutator.CopyNsPerEntry = d.perKV("copyNsPerEntry", cp)
	c.Extra.InsertNsByN = map[string]map[string]spread{}
	for kv, m := range byN {
		c.Extra.InsertNsByN[kv] = map[string]spread{}
		for n, xs := range m {
			c.Extra.InsertNsByN[kv][n] = round(stats.P10P90(xs))
		}
	}
	// insert cost with the GC on (GOGC=100, GOMAXPROCS=2), for comparison
	on := map[string][]float64{}
	for _, r := range d.group("maps") {
		if p := r.PhaseByName("insert"); p != nil && r.Scenario.N >= 100000 && r.Scenario.Hint == 0 {
			on[kvName(r.Scenario)] = append(on[kvName(r.Scenario)], float64(p.DurNs)/float64(r.Scenario.N))
		}
	}
	c.Extra.InsertNsGcOn = d.perKV("", on)

	var perByte, memclr []float64
	perObj := map[string][]float64{}
	for _, r := range d.group("micro") {
		var m struct {
			Alloc []struct {
				Size        int     `json:"size"`
				Scan        bool    `json:"scan"`
				NsPerObject float64 `json:"nsPerObject"`
				NsPerByte   float64 `json:"nsPerByte"`
			} `json:"alloc"`
			MemclrScan float64 `json:"memclrScanBytesPerNs"`
		}
		if !extraOf(r, &m) {
			continue
		}
		for _, a := range m.Alloc {
			if a.Size >= 32768 {
				perByte = append(perByte, a.NsPerByte)
			}
			k := fmt.Sprintf("%d/%s", a.Size, map[bool]string{true: "scan", false: "noscan"}[a.Scan])
			perObj[k] = append(perObj[k], a.NsPerObject)
		}
		memclr = append(memclr, m.MemclrScan)
	}
	c.Mutator.AllocNsPerByte = d.need("allocNsPerByte", perByte)
	c.Extra.AllocNsPerObject = d.perKV("", perObj)
	c.Extra.MemclrBytesPerNs = d.need("memclrBytesPerNs", memclr)

	var zero, clear []float64
	c.Extra.TtsPauseMaxNs, c.Extra.TtsPauseMedianNs = map[string]spread{}, map[string]spread{}
	pmax, pmed := map[string][]float64{}, map[string][]float64{}
	for _, r := range d.group("tts") {
		var t struct {
			Op             string  `json:"op"`
			ZeroBytesPerNs float64 `json:"zeroBytesPerNs"`
			PauseMedianNs  float64 `json:"pauseMedianNs"`
			PauseMaxNs     float64 `json:"pauseMaxNs"`
			MapBytes       int64   `json:"mapBytes"`
		}
		if !extraOf(r, &t) {
			continue
		}
		s := r.Scenario
		scan := s.Value != "int64"
		if t.Op == "make" && scan && s.Gomaxprocs == 2 {
			zero = append(zero, t.ZeroBytesPerNs)
		}
		if t.Op == "clear" && scan && s.Impl == "classic" {
			clear = append(clear, t.ZeroBytesPerNs)
		}
		k := fmt.Sprintf("%s %s p%d", t.Op, kvName(s), s.Gomaxprocs)
		pmax[k] = append(pmax[k], t.PauseMaxNs)
		pmed[k] = append(pmed[k], t.PauseMedianNs)
	}
	c.Mutator.ZeroBytesPerNs = d.need("zeroBytesPerNs", zero)
	if len(clear) > 0 {
		s := round(stats.P10P90(clear))
		c.Extra.MapclearBytesPerNs = &s
	}
	c.Extra.TtsPauseMaxNs = d.perKV("", pmax)
	c.Extra.TtsPauseMedianNs = d.perKV("", pmed)
	return nil
}

func (d *deriver) perKV(name string, m map[string][]float64) map[string]spread {
	out := map[string]spread{}
	for k, xs := range m {
		out[k] = round(stats.P10P90(xs))
	}
	if name != "" {
		for _, k := range result.Keys {
			for _, v := range result.Values {
				if _, ok := out[k+"/"+v]; !ok {
					d.missing = append(d.missing, name+"["+k+"/"+v+"]")
				}
			}
		}
	}
	return out
}

// scanWork is the heap scan work (bytes) of the live heap after phase:
// from the automatic probe cycle's gcpacertrace line ("<phase>.probeGc"),
// else (Go >= 1.21) /gc/scan/heap:bytes read after the timed GCs.
func scanWork(r *result.Result, phase string) (float64, bool) {
	for _, c := range r.Cycles {
		if c.Window == phase+".probeGc" && !c.Forced && c.ScanHeapWork != nil {
			return float64(*c.ScanHeapWork), true
		}
	}
	if p := r.PhaseByName(phase); p != nil && p.ForcedGcNs != nil && p.ForcedGcNs.ScanHeapMetric != nil {
		return float64(*p.ForcedGcNs.ScanHeapMetric), true
	}
	return 0, false
}

// gc: costs of the collector.
//
//	markFixedNs     = micro "emptygc": mark CPU (assist+bg+idle, capped by the call's process CPU) of runtime.GC() on a near-empty heap
//	forcedGcFixedNs = micro "emptygc": wall time of those runtime.GC() calls
//	scanBytesPerNs  = int64 -> ptrshared maps (the only pointerful heap objects: the bucket array /
//	                  groups; every value points to one shared object), N >= 1e5, timed GCs after
//	                  insert: heap scan work (scanWork) / (mark CPU - markFixedNs); mark CPU = result.ForcedMarkCPU
//	markNsPerObject = maps with ptr64/ptr256/ptr1024/string32 values, N >= 1e5, hint 0, GOGC 100,
//	                  timed GCs after insert: (mark CPU - markFixedNs - heap scan work / scanBytesPerNs) / live objects
//	stwSweepTermNs, stwMarkTermNs = gctrace clock fields 1 and 3 of every cycle of the "maps" group
func (d *deriver) gc(c *constants) error {
	var fixedCPU, fixedClock, fixedWall []float64
	for _, r := range d.group("micro") {
		var m struct {
			EmptyGcNs    []int64 `json:"emptyGcNs"`
			EmptyGcCpuNs []int64 `json:"emptyGcCpuNs"`
		}
		if !extraOf(r, &m) {
			continue
		}
		fixedWall = append(fixedWall, stats.Ints(m.EmptyGcNs)...)
		var cys []result.Cycle
		for _, cy := range r.Cycles {
			if cy.Window == "emptygc" && cy.Forced {
				cys = append(cys, cy)
			}
		}
		for i, cy := range cys {
			v := float64(cy.MarkCpuNs())
			// cap by the call's process CPU when calls and cycles pair up (see ForcedMarkCPU)
			if len(cys) == len(m.EmptyGcCpuNs) && m.EmptyGcCpuNs[i] > 0 && float64(m.EmptyGcCpuNs[i]) < v {
				v = float64(m.EmptyGcCpuNs[i])
			}
			fixedCPU = append(fixedCPU, v)
			fixedClock = append(fixedClock, float64(cy.MarkNs))
		}
	}
	c.GC.MarkFixedNs = d.need("markFixedNs", fixedCPU)
	c.GC.ForcedGcFixedNs = d.need("forcedGcFixedNs", fixedWall)
	d.fixed = c.GC.MarkFixedNs.Median
	ec, ek := round(stats.P10P90(fixedCPU)), round(stats.P10P90(fixedClock))
	c.Sim.EmptyHeapMarkCpuNs, c.Sim.EmptyHeapMarkClockNs = &ec, &ek

	var scan []float64
	scanByN := map[string][]float64{}
	for _, r := range d.group("maps") {
		s := r.Scenario
		if s.Key != "int64" || s.Value != "ptrshared" || s.N < 100000 || s.Gogc != 100 {
			continue
		}
		work, ok := scanWork(r, "insert")
		for _, cpu := range r.ForcedMarkCPU("insert") {
			net := cpu - d.fixed
			if !ok || net <= 0 {
				continue
			}
			v := work / net
			scan = append(scan, v)
			scanByN[nName(s.N)] = append(scanByN[nName(s.N)], v)
		}
	}
	c.GC.ScanBytesPerNs = d.need("scanBytesPerNs", scan)
	c.Extra.ScanBytesPerNsByN = d.perKV("", scanByN)
	d.scan = c.GC.ScanBytesPerNs.Median

	var perObj []float64
	perObjByN := map[string][]float64{}
	if d.scan > 0 {
		for _, r := range d.group("maps") {
			s := r.Scenario
			switch s.Value {
			case "ptr64", "ptr256", "ptr1024", "string32":
			default:
				continue
			}
			start, ins := r.PhaseByName("start"), r.PhaseByName("insert")
			if s.N < 100000 || s.Hint != 0 || s.Gogc != 100 || start == nil || ins == nil || ins.ForcedGcNs == nil {
				continue
			}
			objs := float64(ins.ForcedGcNs.LiveObjects) - float64(start.HeapObjects)
			work, ok := scanWork(r, "insert")
			for _, cpu := range r.ForcedMarkCPU("insert") {
				if !ok || objs <= 0 {
					continue
				}
				net := cpu - d.fixed - work/d.scan
				v := net / objs
				perObj = append(perObj, v)
				perObjByN[nName(s.N)] = append(perObjByN[nName(s.N)], v)
			}
		}
	}
	c.GC.MarkNsPerObject = d.need("markNsPerObject", perObj)
	c.Extra.MarkNsPerObjectByN = d.perKV("", perObjByN)

	var stw1, stw2, pause []float64
	for _, r := range d.group("maps") {
		for _, cy := range r.Cycles {
			stw1 = append(stw1, float64(cy.Stw1Ns))
			stw2 = append(stw2, float64(cy.Stw2Ns))
			if cy.PauseNs != nil {
				pause = append(pause, float64(*cy.PauseNs))
			}
		}
	}
	c.GC.StwSweepTermNs = d.need("stwSweepTermNs", stw1)
	c.GC.StwMarkTermNs = d.need("stwMarkTermNs", stw2)
	c.Extra.PauseNs = d.need("pauseNs", pause)

	return nil
}

// sim: fields of costs.ts's "sim" block measured directly here.
//
//	stwByProcs       = gctrace STW clock fields split by GOMAXPROCS (groups maps, mutator, gcparams)
//	baselineHeap     = HeapAlloc/HeapObjects/HeapInuse after the first runtime.GC(), before make (maps group)
//	stackScanBytes, globalsScanBytes = gcpacertrace stack and globals scan work of the probe cycles (maps group)
//	markCpuFactorOneProc = gcparams: median over matched pairs (same case, GOMAXPROCS 1 vs 2) of
//	                   mark CPU of the timed GCs after insert, P1 / P2
func (d *deriver) sim(c *constants) {
	c.Sim.Note = "fields of src/sim/costs.ts's sim block that calibration/ measures directly; see calibration/README.md"
	byP := map[int][2][]float64{}
	var bb, bo, bi, stack, globals []float64
	for _, r := range d.rs {
		if r.Group != "maps" && r.Group != "gcparams" && r.Group != "mutator" {
			continue
		}
		p := r.Scenario.Gomaxprocs
		v := byP[p]
		for _, cy := range r.Cycles {
			v[0] = append(v[0], float64(cy.Stw1Ns))
			v[1] = append(v[1], float64(cy.Stw2Ns))
		}
		byP[p] = v
		if r.Group != "maps" {
			continue
		}
		if st := r.PhaseByName("start"); st != nil && st.MakeHeapDelta != nil {
			bb = append(bb, float64(st.HeapAlloc)-float64(*st.MakeHeapDelta))
			bo = append(bo, float64(st.HeapObjects)-1) // the map header
			bi = append(bi, float64(st.HeapInuse))
		}
		for _, cy := range r.Cycles {
			if strings.HasSuffix(cy.Window, ".probeGc") && cy.ScanStackWork != nil {
				stack = append(stack, float64(*cy.ScanStackWork))
				globals = append(globals, float64(*cy.ScanGlobalsWork))
			}
		}
	}
	c.Sim.StwByProcs = map[string]stwPair{}
	for p, v := range byP {
		c.Sim.StwByProcs[fmt.Sprint(p)] = stwPair{round(stats.P10P90(v[0])), round(stats.P10P90(v[1]))}
	}
	if len(bb) > 0 {
		c.Sim.BaselineHeap = &baseline{Bytes: stats.Median(bb), Objects: stats.Median(bo), InuseBytes: stats.Median(bi), N: len(bb)}
	}
	if len(stack) > 0 {
		s, g := stats.Median(stack), stats.Median(globals)
		c.Sim.StackScanBytes, c.Sim.GlobalsScanBytes = &s, &g
	}
	// P1 vs P2 pairs in gcparams (same key/value/N/r/GOGC)
	type key struct {
		kv   string
		n    int
		r    float64
		gogc int
	}
	cpu := map[key]map[int][]float64{}
	for _, r := range d.group("gcparams") {
		s := r.Scenario
		if s.Gomemlimit != nil {
			continue
		}
		k := key{kvName(s), s.N, s.DeleteRatio, s.Gogc}
		if cpu[k] == nil {
			cpu[k] = map[int][]float64{}
		}
		cpu[k][s.Gomaxprocs] = append(cpu[k][s.Gomaxprocs], r.ForcedMarkCPU("insert")...)
	}
	var ratios []float64
	for _, m := range cpu {
		if len(m[1]) > 0 && len(m[2]) > 0 {
			ratios = append(ratios, stats.Median(m[1])/stats.Median(m[2]))
		}
	}
	if len(ratios) > 0 {
		f := math.Round(stats.Median(ratios)*1000) / 1000
		c.Sim.MarkCpuFactorOneProc = &f
	}
}
