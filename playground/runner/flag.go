package runner

import (
	"flag"
	"fmt"
	"io"
	"reflect"
)

// flagExports is package flag as one run sees it. The extracted symbols
// bind flag.Int, flag.Parse and the rest to the process's global
// flag.CommandLine, which would parse the runner's own arguments and keep
// every flag across runs ("flag redefined: n" on the second run). Here the
// top-level functions work on a FlagSet made for this run, named after
// os.Args[0] and parsing the run's os.Args[1:], as they do on CommandLine in
// a fresh Go process.
//
// Parse follows CommandLine's ExitOnError: the FlagSet itself prints the
// error and the usage (to the program's stderr), then -h/-help exits with
// status 0 and any other bad flag with status 2, through the same exit as
// os.Exit. flag.Usage is a per-run variable, so a program may replace it.
func flagExports(name string, args []string, stderr io.Writer, exit func(int)) map[string]reflect.Value {
	set := flag.NewFlagSet(name, flag.ContinueOnError)
	set.SetOutput(stderr)
	usage := func() {
		fmt.Fprintf(set.Output(), "Usage of %s:\n", set.Name())
		set.PrintDefaults()
	}
	set.Usage = func() { usage() }
	parse := func() {
		if err := set.Parse(args); err != nil {
			if err == flag.ErrHelp {
				exit(0)
			}
			exit(2)
		}
	}
	v := reflect.ValueOf
	return map[string]reflect.Value{
		"CommandLine":   reflect.ValueOf(&set).Elem(),
		"Usage":         reflect.ValueOf(&usage).Elem(),
		"Parse":         v(parse),
		"Parsed":        v(set.Parsed),
		"Arg":           v(set.Arg),
		"Args":          v(set.Args),
		"NArg":          v(set.NArg),
		"NFlag":         v(set.NFlag),
		"Lookup":        v(set.Lookup),
		"Set":           v(set.Set),
		"PrintDefaults": v(set.PrintDefaults),
		"Visit":         v(set.Visit),
		"VisitAll":      v(set.VisitAll),
		"Var":           v(set.Var),
		"Func":          v(set.Func),
		"BoolFunc":      v(set.BoolFunc),
		"TextVar":       v(set.TextVar),
		"Bool":          v(set.Bool),
		"BoolVar":       v(set.BoolVar),
		"Duration":      v(set.Duration),
		"DurationVar":   v(set.DurationVar),
		"Float64":       v(set.Float64),
		"Float64Var":    v(set.Float64Var),
		"Int":           v(set.Int),
		"IntVar":        v(set.IntVar),
		"Int64":         v(set.Int64),
		"Int64Var":      v(set.Int64Var),
		"String":        v(set.String),
		"StringVar":     v(set.StringVar),
		"Uint":          v(set.Uint),
		"UintVar":       v(set.UintVar),
		"Uint64":        v(set.Uint64),
		"Uint64Var":     v(set.Uint64Var),
	}
}
