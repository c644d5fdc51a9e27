package layout

import "testing"

// checkRules holds a snapshot to the runtime's sizing rules, computed here
// independently of the byte accounting in Read.
//   - classic: B = ExpectedB(n) (makemap and insert-growth agree, go1.19
//     rule 1 of the shared README), 2^B buckets, bucket array from
//     makeBucketArray's formula, live slots = count.
//   - swiss, made with a hint: NewMap's directory and table capacity; grown:
//     used = count, walked tombstones = table.tombstones().
func checkRules(t *testing.T, name string, n int, s Snapshot, made bool) {
	t.Helper()
	switch {
	case s.Classic != nil:
		c := s.Classic
		if made && n <= bucketCntForRules {
			if c.B != 0 {
				t.Errorf("%s n=%d: B=%d want 0", name, n, c.B)
			}
			return
		}
		if c.B != ExpectedB(n) || c.Buckets != 1<<uint(c.B) {
			t.Errorf("%s n=%d: B=%d buckets=%d, want B=%d", name, n, c.B, c.Buckets, ExpectedB(n))
		}
		if !made && c.LiveSlots != c.Count {
			t.Errorf("%s n=%d: live slots %d != count %d", name, n, c.LiveSlots, c.Count)
		}
		if c.Growing {
			t.Errorf("%s n=%d: still growing", name, n)
		}
	case s.Swiss != nil:
		w := s.Swiss
		if w.Used != w.Count && !w.Small {
			t.Errorf("%s n=%d: sum(table.used)=%d != used %d", name, n, w.Used, w.Count)
		}
		if w.Tombstones != w.TombstonesRule {
			t.Errorf("%s n=%d: walked tombstones %d != rule %d", name, n, w.Tombstones, w.TombstonesRule)
		}
		if made {
			dir, tcap := ExpectedTables(n)
			if dir == 0 {
				if !w.Small || w.Groups != 0 {
					t.Errorf("%s hint=%d: want lazily allocated small map, got %+v", name, n, w)
				}
				return
			}
			if w.Directory != dir || w.Tables != dir || w.Capacity != dir*tcap {
				t.Errorf("%s hint=%d: dir=%d tables=%d cap=%d, want dir=%d cap=%d", name, n, w.Directory, w.Tables, w.Capacity, dir, dir*tcap)
			}
		} else if n > 8 && w.Count*8 > w.Capacity*7 {
			t.Errorf("%s n=%d: load above 7/8: %d/%d", name, n, w.Count, w.Capacity)
		}
	default:
		t.Errorf("%s: empty snapshot", name)
	}
}

const bucketCntForRules = 8
