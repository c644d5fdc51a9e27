package stats

import (
	"math"
	"testing"
)

func TestQuantile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	if Median(xs) != 3 || Quantile(xs, 0) != 1 || Quantile(xs, 1) != 5 || Quantile(xs, 0.1) != 1.4 {
		t.Errorf("median %v p0 %v p100 %v p10 %v", Median(xs), Quantile(xs, 0), Quantile(xs, 1), Quantile(xs, 0.1))
	}
	if Median([]float64{1, 2, 3, 10}) != 2.5 {
		t.Error("even count: mean of the middle two")
	}
	if xs[0] != 5 {
		t.Error("Quantile sorted its input in place")
	}
	if !math.IsNaN(Median(nil)) || !math.IsNaN(Min(nil)) {
		t.Error("empty input must give NaN")
	}
	s := P10P90([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	if s.Median != 6 || s.Lo != 2 || s.Hi != 10 || s.N != 11 {
		t.Errorf("P10P90 %+v", s)
	}
}
