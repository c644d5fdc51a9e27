// Package rewrite lets the interpreter run Go 1.21 and 1.22 language
// features that yaegi v0.16.1 (a Go 1.20-level interpreter) lacks, by
// rewriting the program's source before it is compiled.
//
// Every edit is a text replacement inside one line, so line numbers in
// compile errors and panics still match the reader's code. The rewrites:
//
//  1. Per-iteration loop variables (Go 1.22). `for i := ...` and
//     `for k, v := range ...` get `i := i;` at the start of the body, so a
//     closure, goroutine or deferred call captures that iteration's copy.
//     In a three-clause loop whose body writes the variable (assignment,
//     ++/--, or &i) the copy would cut the write off from the loop's post
//     statement, so such loops are left alone and reported in Notes.
//  2. Range over an integer (Go 1.22): `range n` becomes
//     `range make([]struct{}, n)`, which allocates nothing (zero-size
//     elements). Only done where n is visibly an integer (literal, integer
//     constant or variable, len/cap, int conversion, arithmetic on these);
//     the loop variable is then an int whatever n's integer type is.
//  3. The builtins min, max and clear (Go 1.21) become calls into the
//     runner's gorunnerrt package; print and println too, because yaegi
//     writes them to standard output where Go writes standard error.
//
// The import of gorunnerrt is added on the package clause's line.
package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// RTImport is the import path of the runner's helper package and RTName
// the name it is imported under (chosen so it cannot clash with the
// program's identifiers: Go code never starts names with two underscores
// in practice, and the rewrite refuses if it does).
const (
	RTImport = "gorunnerrt"
	RTName   = "__gorunnerrt"
)

type edit struct {
	off, end int // replace src[off:end]
	text     string
}

// Result is the rewritten source and what was (not) done.
type Result struct {
	Source string
	Notes  []string
}

// Rewrite applies rules 1-3. A source that does not parse is returned
// unchanged, so the interpreter reports the syntax error itself.
func Rewrite(src string) Result {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments)
	if err != nil || strings.Contains(src, RTName) {
		return Result{Source: src}
	}
	r := &rewriter{fset: fset, src: src}
	ast.Inspect(f, r.visit)
	if len(r.edits) == 0 {
		return Result{Source: src, Notes: r.notes}
	}
	if r.usesRT {
		at := r.off(f.Name.End())
		r.edits = append(r.edits, edit{at, at, "; import " + RTName + " \"" + RTImport + "\""})
	}
	return Result{Source: apply(src, r.edits), Notes: r.notes}
}

type rewriter struct {
	fset   *token.FileSet
	src    string
	edits  []edit
	notes  []string
	usesRT bool
}

func (r *rewriter) off(p token.Pos) int { return r.fset.Position(p).Offset }

func (r *rewriter) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ForStmt:
		r.forStmt(n)
	case *ast.RangeStmt:
		r.rangeStmt(n)
	case *ast.CallExpr:
		r.builtinCall(n)
	}
	return true
}

// forStmt is rule 1 for three-clause loops.
func (r *rewriter) forStmt(n *ast.ForStmt) {
	init, ok := n.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, e := range init.Lhs {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		if writes(n.Body, id.Obj) {
			line := r.fset.Position(n.For).Line
			r.notes = append(r.notes, "line "+itoa(line)+": the loop body changes "+id.Name+", so it keeps one variable for all iterations (pre-Go 1.22 semantics)")
			return
		}
		names = append(names, id.Name)
	}
	r.copyVars(n.Body, names)
}

// rangeStmt is rule 1 for range loops and rule 2.
func (r *rewriter) rangeStmt(n *ast.RangeStmt) {
	if n.Tok == token.DEFINE {
		var names []string
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
				names = append(names, id.Name)
			}
		}
		r.copyVars(n.Body, names)
	}
	if isInteger(n.X) {
		r.edits = append(r.edits,
			edit{r.off(n.X.Pos()), r.off(n.X.Pos()), "make([]struct{}, "},
			edit{r.off(n.X.End()), r.off(n.X.End()), ")"})
	}
}

func (r *rewriter) copyVars(body *ast.BlockStmt, names []string) {
	if len(names) == 0 {
		return
	}
	at := r.off(body.Lbrace) + 1
	list := strings.Join(names, ", ")
	r.edits = append(r.edits, edit{at, at, " " + list + " := " + list + ";"})
}

var builtins = map[string]string{"min": "Min", "max": "Max", "clear": "Clear", "print": "Print", "println": "Println"}

// builtinCall is rule 3. An identifier with no declaration (Obj == nil
// after the parser's resolution) is the universe's builtin.
func (r *rewriter) builtinCall(n *ast.CallExpr) {
	id, ok := n.Fun.(*ast.Ident)
	if !ok || id.Obj != nil {
		return
	}
	fn, ok := builtins[id.Name]
	if !ok {
		return
	}
	r.usesRT = true
	r.edits = append(r.edits, edit{r.off(id.Pos()), r.off(id.End()), RTName + "." + fn})
}

// writes reports whether body assigns obj, increments it, or takes its
// address, anywhere (closures included).
func writes(body *ast.BlockStmt, obj *ast.Object) bool {
	if obj == nil {
		return false
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && id.Obj == obj
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					found = found || is(l)
				}
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || (n.Op == token.AND && is(n.X))
		case *ast.RangeStmt:
			found = found || (n.Tok == token.ASSIGN && (is(n.Key) || is(n.Value)))
		}
		return !found
	})
	return found
}

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "byte": true, "rune": true,
}

// isInteger is rule 2's test: can we see, without type checking, that e
// is an integer?
func isInteger(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return e.Kind == token.INT
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR, token.AND, token.OR, token.XOR:
			return isInteger(e.X) && (isInteger(e.Y) || e.Op == token.SHL || e.Op == token.SHR)
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && id.Obj == nil {
			return id.Name == "len" || id.Name == "cap" || intTypes[id.Name]
		}
	case *ast.Ident:
		return declaredInteger(e)
	}
	return false
}

// declaredInteger follows an identifier to its declaration: `n := 10`,
// `const N = 1 << 20`, `var n int`, or a parameter `n int`.
func declaredInteger(id *ast.Ident) bool {
	if id.Obj == nil || (id.Obj.Kind != ast.Var && id.Obj.Kind != ast.Con) {
		return false
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.ValueSpec:
		if d.Type != nil {
			t, ok := d.Type.(*ast.Ident)
			return ok && intTypes[t.Name]
		}
		for i, n := range d.Names {
			if n.Name == id.Name && i < len(d.Values) {
				return isInteger(d.Values[i])
			}
		}
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			if l, ok := l.(*ast.Ident); ok && l.Name == id.Name && len(d.Rhs) == len(d.Lhs) {
				return isInteger(d.Rhs[i])
			}
		}
	case *ast.Field:
		t, ok := d.Type.(*ast.Ident)
		return ok && intTypes[t.Name]
	}
	return false
}

func apply(src string, edits []edit) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off < edits[j].off })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(src[last:e.off])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
