// Package stats has the few order statistics the harness reports.
// Quantiles use the nearest-rank-with-interpolation rule (type 7, as numpy's
// default), so a median of an even count is the mean of the middle two.
package stats

import (
	"math"
	"sort"
)

// Quantile returns the q-quantile (0..1) of xs; NaN for an empty slice.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// Median is Quantile(xs, 0.5).
func Median(xs []float64) float64 { return Quantile(xs, 0.5) }

// Min and Max of xs (NaN when empty).
func Min(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	m := xs[0]
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}

// Max of xs (NaN when empty).
func Max(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	m := xs[0]
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}

// Ints converts int64s to float64s.
func Ints(xs []int64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// Spread is the constants-file shape {median, lo, hi, n}.
type Spread struct {
	Median float64 `json:"median"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	N      int     `json:"n"`
}

// P10P90 summarises xs as median with p10/p90 as lo/hi.
func P10P90(xs []float64) Spread {
	return Spread{Median: Median(xs), Lo: Quantile(xs, 0.1), Hi: Quantile(xs, 0.9), N: len(xs)}
}
