package shim

import (
	"os"
	"reflect"
	"strconv"
)

// Clear is the clear builtin (Go 1.21) for the interpreter: it deletes
// every entry of a map, or zeroes every element of a slice.
func Clear(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	}
}

// Print and Println are the print/println builtins: they write to standard
// error (yaegi writes them to standard output) in the runtime's own format,
// where floats look like +1.500000e+000.
func Print(args ...any) { os.Stderr.Write(appendArgs(nil, args, false)) }

// Println separates its arguments with spaces and ends the line.
func Println(args ...any) { os.Stderr.Write(appendArgs(nil, args, true)) }

func appendArgs(b []byte, args []any, ln bool) []byte {
	for i, a := range args {
		if ln && i > 0 {
			b = append(b, ' ')
		}
		b = appendValue(b, reflect.ValueOf(a))
	}
	if ln {
		b = append(b, '\n')
	}
	return b
}

func appendValue(b []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Invalid:
		return append(b, "nil"...)
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return appendRuntimeFloat(b, v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b = append(b, '(')
		b = appendRuntimeFloat(b, real(c))
		b = appendRuntimeFloat(b, imag(c))
		return append(b, "i)"...)
	case reflect.String:
		return append(b, v.String()...)
	case reflect.Slice:
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(v.Len()), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(v.Cap()), 10)
		b = append(b, ']')
		return appendHex(b, uint64(v.Pointer()))
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return appendHex(b, uint64(v.Pointer()))
	}
	return append(b, "(?)"...)
}

func appendHex(b []byte, x uint64) []byte {
	b = append(b, "0x"...)
	return strconv.AppendUint(b, x, 16)
}

// appendRuntimeFloat formats like the runtime's print: a sign, seven
// significant digits rounded half up, and a three-digit exponent.
func appendRuntimeFloat(b []byte, v float64) []byte {
	switch {
	case v != v:
		return append(b, "NaN"...)
	case v+v == v && v > 0:
		return append(b, "+Inf"...)
	case v+v == v && v < 0:
		return append(b, "-Inf"...)
	}
	const digits = 7
	sign := byte('+')
	if v < 0 || (v == 0 && 1/v < 0) {
		sign, v = '-', -v
	}
	exp := 0
	if v != 0 {
		for ; v >= 10; v /= 10 {
			exp++
		}
		for ; v < 1; v *= 10 {
			exp--
		}
		half := 5.0
		for range digits {
			half /= 10
		}
		if v += half; v >= 10 {
			exp++
			v /= 10
		}
	}
	b = append(b, sign)
	for i := range digits {
		d := int(v)
		b = append(b, byte('0'+d))
		if i == 0 {
			b = append(b, '.')
		}
		v = (v - float64(d)) * 10
	}
	b = append(b, 'e')
	if exp < 0 {
		b, exp = append(b, '-'), -exp
	} else {
		b = append(b, '+')
	}
	return append(b, byte('0'+exp/100), byte('0'+exp/10%10), byte('0'+exp%10))
}
