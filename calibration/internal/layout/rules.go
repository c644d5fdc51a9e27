package layout

// Sizing rules of both map implementations, as pure formulas. They are kept
// apart from the readers so tests and the harness's checks can hold a reading
// to the rule without reusing the reader's own arithmetic.

// ExpectedB is the B that makemap picks for a hint and that inserting hint
// keys reaches: the smallest B with !overLoadFactor(hint, B), where
// overLoadFactor(count, B) = count > 8 && count > 13*(2^B/2)
// (go1.19 runtime/map.go:1085, loadFactorNum/Den = 13/2).
func ExpectedB(hint int) int {
	B := 0
	for hint > 8 && uint64(hint) > 13*((uint64(1)<<uint(B))/2) {
		B++
	}
	return B
}

// ExpectedTables is what maps.NewMap (go1.26 internal/runtime/maps/map.go)
// builds for hint > 8: targetCapacity = hint*8/7, dirSize =
// pow2(ceil(target/1024)), each table gets pow2(max(8, target/dirSize))
// slots. For hint <= 8 nothing is allocated (0, 0).
func ExpectedTables(hint int) (dirSize, tableCap int) {
	const groupSlots, maxAvgGroupLoad, maxTableCapacity = 8, 7, 1024
	if hint <= groupSlots {
		return 0, 0
	}
	target := hint * groupSlots / maxAvgGroupLoad
	dirSize = pow2((target + maxTableCapacity - 1) / maxTableCapacity)
	tableCap = target / dirSize
	if tableCap < groupSlots {
		tableCap = groupSlots
	}
	return dirSize, pow2(tableCap)
}

func pow2(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}
