package migrate

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	good := fstest.MapFS{
		"m/0002_more.sql": {Data: []byte("B")},
		"m/0001_init.sql": {Data: []byte("A")},
	}
	ms, err := Load(good, "m")
	if err != nil || len(ms) != 2 || ms[0].Name != "init" || ms[1].SQL != "B" || ms[1].Version != 2 {
		t.Fatalf("%+v %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"gap":      {"m/0001_a.sql": {}, "m/0003_c.sql": {}},
		"bad name": {"m/init.sql": {}},
		"bad num":  {"m/x_a.sql": {}},
		"not sql":  {"m/0001_a.txt": {}},
	} {
		if _, err := Load(fsys, "m"); err == nil || !strings.Contains(err.Error(), "migration") {
			t.Errorf("%s: got %v", name, err)
		}
	}
}
