//go:build js && wasm

// Command runner is the browser Go runner: the interpreter of package
// runner, compiled with GOOS=js GOARCH=wasm and driven by the Web Worker
// src/worker/go-runner.worker.ts. docs/go-runner.md describes the protocol.
//
// It installs globalThis.__goRunner with three members:
//
//	run(code, optionsJSON)  starts a run and returns at once; the run's
//	                        output arrives through fs.writeSync (fds 1, 2)
//	format(code)            returns {code} or {error}, synchronously
//	version                 JSON: Go and yaegi versions
//
// and reports a run's start and end by calling the worker's
// globalThis.__goRunnerReport(json) synchronously. It never blocks inside
// a JS callback: a run works in its own goroutine, because timers and
// channel waits need the JS event loop to come back around.
package main

import (
	"encoding/json"
	"os"
	"runtime"
	"runtime/debug"
	"syscall/js"

	"gomapgclab/playground/runner"
)

// maxStack bounds a goroutine's stack: deep recursion then dies with Go's
// "goroutine stack exceeds" fatal error long before it exhausts wasm
// memory. An interpreted call uses far more Go stack than a compiled one.
const maxStack = 256 << 20

type runOptions struct {
	ID   int               `json:"id"`
	Env  map[string]string `json:"env"`
	Args []string          `json:"args"`
}

type memStats struct {
	HeapAlloc    uint64 `json:"heapAlloc"`
	HeapInuse    uint64 `json:"heapInuse"`
	HeapObjects  uint64 `json:"heapObjects"`
	HeapSys      uint64 `json:"heapSys"`
	Sys          uint64 `json:"sys"`
	NextGC       uint64 `json:"nextGC"`
	TotalAlloc   uint64 `json:"totalAlloc"`
	NumGC        uint32 `json:"numGC"`
	NumForcedGC  uint32 `json:"numForcedGC"`
	PauseTotalNs uint64 `json:"pauseTotalNs"`
}

func readMemStats() memStats {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memStats{ms.HeapAlloc, ms.HeapInuse, ms.HeapObjects, ms.HeapSys, ms.Sys, ms.NextGC, ms.TotalAlloc,
		ms.NumGC, ms.NumForcedGC, ms.PauseTotalNs}
}

func report(v map[string]any) {
	b, _ := json.Marshal(v)
	js.Global().Call("__goRunnerReport", string(b))
}

func run(opts runOptions, code string) {
	before := readMemStats()
	report(map[string]any{"type": "started", "id": opts.ID, "memstats": before})
	exited := false
	runner.ExitHook = func(code int) { // os.Exit in the program: the process ends, as in Go
		exited = true
		report(map[string]any{"type": "done", "id": opts.ID, "exitCode": code, "memstats": readMemStats(), "restart": true})
	}
	res := runner.Run(code, runner.Options{Env: opts.Env, Args: opts.Args})
	if exited {
		return
	}
	// Real Go ends every goroutine when main returns. Here they would keep
	// running (and printing) into the next run, so the process ends and
	// the worker starts a fresh one.
	restart := res.LeakedGoroutines > 0
	report(map[string]any{"type": "done", "id": opts.ID, "exitCode": res.ExitCode, "error": res.Error,
		"errorKind": res.ErrorKind, "leakedGoroutines": res.LeakedGoroutines, "compileMs": res.CompileMs,
		"runMs": res.RunMs, "memstats": readMemStats(), "restart": restart})
	if restart {
		os.Exit(0)
	}
}

func main() {
	debug.SetMaxStack(maxStack)
	version, _ := json.Marshal(runner.GetVersion())
	api := js.Global().Get("Object").New()
	api.Set("version", string(version))
	api.Set("run", js.FuncOf(func(_ js.Value, args []js.Value) any {
		var opts runOptions
		if len(args) > 1 {
			_ = json.Unmarshal([]byte(args[1].String()), &opts)
		}
		go run(opts, args[0].String())
		return nil
	}))
	api.Set("format", js.FuncOf(func(_ js.Value, args []js.Value) any {
		out, err := runner.Format(args[0].String())
		res := js.Global().Get("Object").New()
		if err != nil {
			res.Set("error", err.Error())
		} else {
			res.Set("code", out)
		}
		return res
	}))
	js.Global().Set("__goRunner", api)
	report(map[string]any{"type": "ready", "version": json.RawMessage(version)})
	select {}
}
