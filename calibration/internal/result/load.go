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
