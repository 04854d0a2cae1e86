package law

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"
)

// data/schema.json documents the same fields the Go types decode: a field added to one and not the other fails.
func TestSchemaMatchesTypes(t *testing.T) {
	raw, err := os.ReadFile("data/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	check := func(name string, got map[string]any, typ reflect.Type) {
		fields := map[string]reflect.Value{}
		collectFields(reflect.New(typ).Elem(), fields)
		var want, have []string
		for k := range fields {
			want = append(want, k)
		}
		for k := range got {
			have = append(have, k)
		}
		sort.Strings(want)
		sort.Strings(have)
		if !reflect.DeepEqual(want, have) {
			t.Errorf("%s: Go fields %v, schema properties %v", name, want, have)
		}
	}
	check("file", schema.Properties, reflect.TypeOf(file{}))
	for def, typ := range map[string]reflect.Type{
		"instrument": reflect.TypeOf(Instrument{}), "units": reflect.TypeOf(Units{}), "provision": reflect.TypeOf(Provision{}),
		"element": reflect.TypeOf(Element{}), "precondition": reflect.TypeOf(Precondition{}), "act": reflect.TypeOf(Act{}),
		"issue": reflect.TypeOf(Issue{}), "crime": reflect.TypeOf(Crime{}), "mode": reflect.TypeOf(Mode{}),
		"immunity": reflect.TypeOf(Immunity{}), "state": reflect.TypeOf(StateStatus{}), "forum": reflect.TypeOf(Forum{}),
		"standard": reflect.TypeOf(Standard{}), "authority": reflect.TypeOf(Authority{}), "means": reflect.TypeOf(MeansOfProof{}),
	} {
		d, ok := schema.Defs[def]
		if !ok {
			t.Errorf("schema has no $defs/%s", def)
			continue
		}
		check(def, d.Properties, typ)
	}
}
