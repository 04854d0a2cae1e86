package bundle

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"dossier/internal/model"
	"dossier/internal/synth"
)

// Differential tests of the canonical fast path (canon.go) against the yaml.v3 path.

var canonKinds = []struct {
	kind model.Kind
	name string
}{
	{model.KindActor, "actors"}, {model.KindSource, "sources"}, {model.KindCapture, "captures"},
	{model.KindFact, "facts"}, {model.KindCharge, "charges"}, {model.KindFinding, "findings"},
}

// kindOfFile maps a bundle-relative list file to its kind.
func kindOfFile(rel string) (model.Kind, bool) {
	for _, k := range canonKinds {
		if rel == k.name+".yaml" || filepath.Dir(rel) == k.name {
			return k.kind, true
		}
	}
	return "", false
}

// yamlPath decodes a list file the general way; ok is false when that reports any problem.
func yamlPath(data []byte, kind model.Kind) (recs any, n int, probs []Problem) {
	node, probs, err := parseBytes("f.yaml", data)
	if err != nil {
		return nil, 0, []Problem{{Msg: err.Error()}}
	}
	if node == nil {
		return nil, 0, append(probs, Problem{Msg: "empty"})
	}
	recs, probs = decodeList("f.yaml", node, kind, probs)
	return recs, len(node.Content), probs
}

// checkSame asserts that the fast path either declines data or agrees exactly with yaml.v3. It
// returns whether the fast path accepted.
func checkSame(t testing.TB, name string, data []byte, kind model.Kind) bool {
	t.Helper()
	recs, n, ok := decodeCanonical(data, kind)
	if !ok {
		return false
	}
	want, wn, probs := yamlPath(data, kind)
	if len(probs) > 0 {
		t.Fatalf("%s: fast path accepted what yaml.v3 refuses: %v\n%s", name, probs, clip(data))
	}
	if n != wn {
		t.Fatalf("%s: fast path read %d records, yaml.v3 %d", name, n, wn)
	}
	if !reflect.DeepEqual(recs, want) {
		t.Fatalf("%s: fast path differs from yaml.v3:\n fast %#v\n yaml %#v\n%s", name, recs, want, clip(data))
	}
	return true
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// checkBundle encodes b and checks every list file: the fast path must accept each (they are
// canonical by construction) and agree with yaml.v3.
func checkBundle(t *testing.T, name string, b *model.Bundle) {
	t.Helper()
	files, err := Encode(b)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(files))
	for rel := range files {
		names = append(names, rel)
	}
	sort.Strings(names)
	for _, rel := range names {
		kind, ok := kindOfFile(rel)
		if !ok {
			continue
		}
		if !checkSame(t, name+"/"+rel, files[rel], kind) {
			t.Errorf("%s/%s: fast path declined a file Encode wrote", name, rel)
		}
	}
}

// synthCase is a synthetic case with charges and findings too (the CLI needs the law library
// for those; here two made-up counts do).
func synthCase(seed uint64, sources, facts int) *model.Bundle {
	o := synth.Options{Sources: sources, Facts: facts, Seed: seed, Findings: facts / 2,
		Charges: []model.Charge{
			{ID: "count-1", Count: 1, Accused: "accused", Crime: "aggression", Mode: "aiding", Forum: "icc", Principal: "principal",
				Period:      model.When{EDTF: mustWhen("2022-02-24/..").EDTF, Text: "from 24 February 2022"},
				Allegations: []model.Allegation{{Element: "planning", Text: "he planned: it"}, {Element: "act", Text: "'quoted'"}}},
			{ID: "count-2", Count: 2, Title: "Second count", Accused: "accused", Crime: "aggression", Mode: "ordering", Forum: "icc"},
		},
		Elements: [][]string{{"planning", "act"}, {"order"}},
	}
	return synth.Case(o)
}

func mustWhen(s string) model.When {
	w, err := model.ParseWhen(s)
	if err != nil {
		panic(err)
	}
	return w
}

func TestCanonicalSynth(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		b := synthCase(seed, int(seed*13), int(seed*17))
		checkBundle(t, fmt.Sprintf("seed %d", seed), b)
	}
}

const referenceDir = "../../examples/kim-jong-un"

// The reference case, both as shipped (hand-edited files: compared when accepted) and as Write
// rewrites it (canonical: must be accepted).
func TestCanonicalReference(t *testing.T) {
	b, _, err := Read(context.Background(), referenceDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Facts) == 0 || len(b.Charges) == 0 {
		t.Fatalf("reference case read incompletely: %d facts, %d charges", len(b.Facts), len(b.Charges))
	}
	checkBundle(t, "reference", b)
	for _, k := range canonKinds {
		data, err := os.ReadFile(filepath.Join(referenceDir, k.name+".yaml"))
		if err != nil {
			continue
		}
		checkSame(t, "shipped "+k.name, data, k.kind)
	}
}

// trickyStrings are values that stress the encoder's choice of scalar style and the decoder's
// reading of it.
var trickyStrings = []string{
	"", " ", "  ", "a", "2024", "-1", "0", "007", "0x10", "0o17", "0b101", "1e3", "1_000", ".5", "+1", "1.0", ".inf", "-.inf", ".nan",
	"yes", "no", "on", "off", "y", "n", "true", "False", "null", "Null", "NULL", "~", "<<", "=",
	"2024-06-19", "2024-06-19T10:00:00Z", "2024-06-19 10:00:00", "2024-13-45", "12:30", "1:2:3",
	"a: b", "a:b", "a:", ":a", "::", "- a", "-a", "-", "--", "---", "...", "? a", "?a", "?", "#", "# a", "a #b", "a#b", "a # b",
	"'", "''", "'a'", "\"", "\"a\"", "a'b", "a\"b", "\\", "a\\b", "\\n", "[a]", "{a: b}", "a, b", "[", "]", "{", "}", ",",
	"&a", "*a", "!a", "!!str a", "%a", "@a", "`a`", "|", ">", "|-", "> a", "a | b",
	" leading", "trailing ", " both ", "two  spaces", "a\tb", "\t", "\ta",
	"line\nbreak", "\nleading break", "trailing break\n", "two\n\n", "\n", "\n\n", "a\n\nb", "a\n \nb", "a \nb", "a\n b", "a\n  b\n c",
	" a\nb", "a\r\nb", "a\rb", "\x00", "\x01", "\x1b", "\x7f", "\u0085", "\u00a0", "\u00a0x", "x\u00a0",
	"\u2028", "a\u2028b", "\u2029", "\ufeff", "\ufeffa", "\ufffd", "\U0001F600", "é", "Kim Jong Un (김정은)", "조선민주주의인민공화국",
	"Кремль", "العربية", strings.Repeat("x", 5000), strings.Repeat("word ", 400), strings.Repeat("ab\n", 300),
	"https://example.org/a?b=c&d=e#frag", "e.g. a: b", "key: value\nkey2: value2", "- a\n- b", "|\n a",
	"invalid \xff utf8", "\xc3\x28",
}

// declinedByDesign says which values the fast path is allowed to decline when Encode wrote them:
// strings with characters yaml.v3 writes raw but YAML treats as line breaks, and invalid UTF-8
// (written as !!binary).
func declinedByDesign(s string) bool {
	return strings.ContainsAny(s, "\u2028\u2029\u0085") || !utfValid(s)
}

func utfValid(s string) bool { return strings.ToValidUTF8(s, "\x00\x00") == s }

func TestCanonicalTricky(t *testing.T) {
	for i, s := range trickyStrings {
		v := 1.5
		b := &model.Bundle{
			Actors: []model.Actor{{ID: "a" + s, Kind: model.ActorKind(s), Name: s, Aliases: []string{s, "x", s},
				Transliterations: []model.Name{{Text: s, Lang: s}}, Born: model.When{EDTF: mustWhen("2024").EDTF, Text: s},
				Positions: []model.Position{{Office: s, Of: s, To: model.When{Text: s}, Sources: []string{s}}}, Notes: s}},
			Sources: []model.Source{{ID: s, Title: s, Author: []model.CSLName{{Family: s, Given: s}, {Literal: s}},
				Issued: mustWhen("2024-06~"), Problems: []string{s}, Notes: s}},
			Captures: []model.Capture{{ID: s, SHA256: s, Size: -3, Status: 200, Meta: map[string]string{"k": s, s + "k": s, "2024": s}}},
			Facts: []model.Fact{{ID: s, Statement: s, Where: s, Excerpts: []model.Excerpt{{Source: s, Quote: s}}, Credibility: 0,
				Figures: []model.Figure{{Measure: s, Value: &v, Text: s}}, Tags: []string{s}}},
			Charges:  []model.Charge{{ID: s, Allegations: []model.Allegation{{Element: s, Text: s}}}},
			Findings: []model.Finding{{ID: s, Reason: s}},
		}
		files, err := Encode(b)
		if err != nil {
			t.Fatal(err)
		}
		for rel, data := range files {
			kind, ok := kindOfFile(rel)
			if !ok {
				continue
			}
			name := fmt.Sprintf("tricky %d %q %s", i, s, rel)
			accepted := checkSame(t, name, data, kind)
			// yaml.v3 writes a map key that is long or has a line break as "? key" (complex key).
			complexKey := strings.Contains(string(data), "\n    ? ")
			if !accepted && !declinedByDesign(s) && !complexKey {
				t.Errorf("%s: fast path declined a canonical file:\n%s", name, clip(data))
			}
		}
	}
}

// Figures: the numbers Encode writes read back exactly.
func TestCanonicalFigures(t *testing.T) {
	vals := []float64{0, -1, 1, 0.1, 1.0 / 3, 1e21, 1e-7, 5e-324, math.MaxFloat64, -math.MaxFloat64, 1 << 53, 1<<53 + 1, 123456789012345678, 1e18, 9.999999999999999e17, -2.5e-10, math.Copysign(0, -1)}
	for _, v := range vals {
		v := v
		b := &model.Bundle{Facts: []model.Fact{{ID: "f", Figures: []model.Figure{{Measure: "m", Value: &v, Min: &v, Max: &v}}}}}
		files, err := Encode(b)
		if err != nil {
			t.Fatal(err)
		}
		if !checkSame(t, fmt.Sprint(v), files["facts.yaml"], model.KindFact) && !strings.Contains(string(files["facts.yaml"]), "e+") && math.Abs(v) < 1e18 {
			t.Errorf("figure %v declined:\n%s", v, files["facts.yaml"])
		}
	}
}

var handKinds = map[string]model.Kind{"actor": model.KindActor, "source": model.KindSource, "capture": model.KindCapture, "fact": model.KindFact}

// handWritten are files written by hand: valid YAML outside the canonical subset, broken YAML,
// records with problems, and canonical records.
var handWritten = []struct {
	name, kind, body string
	want             int // 1 must accept, -1 must decline, 0 either
}{
	{"minimal", "source", "- id: a\n  kind: news\n  title: T\n", 1},
	{"header comments", "source", "# one\n#two\n- id: a\n  title: T\n", 1},
	{"no final newline", "source", "- id: a\n  title: T", -1},
	{"tab", "source", "- id: a\n  title: a\tb\n", -1},
	{"tab indent", "source", "- id: a\n\ttitle: T\n", -1},
	{"crlf", "source", "- id: a\r\n  title: T\r\n", -1},
	{"blank line", "source", "- id: a\n\n  title: T\n", -1},
	{"comment inside", "source", "- id: a\n  # c\n  title: T\n", -1},
	{"trailing comment", "source", "- id: a\n  title: T # c\n", -1},
	{"anchor", "source", "- id: &x a\n  title: *x\n", -1},
	{"tag", "source", "- id: !!str a\n", -1},
	{"flow map", "source", "- {id: a, title: T}\n", -1},
	{"flow seq", "actor", "- id: a\n  aliases: [x, y]\n", -1},
	{"empty flow seq", "actor", "- id: a\n  aliases: []\n", 1},
	{"null", "source", "- id: a\n  title: ~\n", -1},
	{"null word", "source", "- id: a\n  title: null\n", -1},
	{"empty value", "source", "- id: a\n  title:\n", -1},
	{"yes", "source", "- id: a\n  title: yes\n", 1},
	{"number string", "source", "- id: 2024\n  title: 1e3\n", 1},
	{"hex string", "source", "- id: 0x10\n", 1},
	{"timestamp string", "source", "- id: 2024-06-19\n", 1},
	{"unknown key", "source", "- id: a\n  titel: T\n", -1},
	{"duplicate key", "source", "- id: a\n  title: T\n  title: U\n", -1},
	{"indentless seq", "actor", "- id: a\n  aliases:\n  - x\n", -1},
	{"deep indent", "source", "- id: a\n    title: T\n", -1},
	{"four-space item", "actor", "- id: a\n  aliases:\n      - x\n", -1},
	{"multi-line plain", "source", "- id: a\n  title: T\n    U\n", -1},
	{"multi-line plain item", "actor", "- id: a\n  aliases:\n    - x\n      y\n", -1},
	{"multi-line quoted", "source", "- id: a\n  title: \"T\n    U\"\n", -1},
	{"folded", "source", "- id: a\n  title: >-\n    T\n    U\n", -1},
	{"literal", "source", "- id: a\n  title: |-\n    T\n    U\n", 1},
	{"literal keep", "source", "- id: a\n  title: |+\n    T\n\n\n  notes: x\n", 1},
	{"literal clip", "source", "- id: a\n  title: |\n    T\n\n  notes: x\n", 1},
	{"literal digit", "source", "- id: a\n  title: |2-\n     T\n    U\n", 1},
	{"literal digit 1", "source", "- id: a\n  title: |1-\n   T\n    U\n", 0},
	{"literal digit after chomp", "source", "- id: a\n  title: |-2\n     T\n", 1},
	{"literal deeper first line", "source", "- id: a\n  title: |-\n      T\n    U\n", -1},
	{"literal spaces line", "source", "- id: a\n  title: |-\n    T\n      \n    U\n", -1},
	{"literal short spaces line", "source", "- id: a\n  title: |-\n    T\n  \n    U\n", -1},
	{"literal at end", "source", "- id: a\n  title: |-\n    T", -1},
	{"literal comment", "source", "- id: a\n  title: |- # c\n    T\n", -1},
	{"literal empty", "source", "- id: a\n  title: |-\n  notes: x\n", -1},
	{"literal in list", "actor", "- id: a\n  aliases:\n    - |-\n      x\n      y\n    - z\n", 1},
	{"single quotes", "source", "- id: 'a''b'\n  title: ' x '\n", 1},
	{"single quote trailing", "source", "- id: 'a' \n", -1},
	{"double escapes", "source", "- id: \"\\x41\\u00e9\\U0001F600\\t\\n\\\\\\\"\\'\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\"\n", 1},
	{"bad escape", "source", "- id: \"\\q\"\n", -1},
	{"slash escape", "source", "- id: \"\\/\"\n", -1},
	{"huge escape", "source", "- id: \"\\UFFFFFFFF\"\n", -1},
	{"surrogate escape", "source", "- id: \"\\ud800\"\n", -1},
	{"escaped line break", "source", "- id: \"a\\\n  b\"\n", -1},
	{"unclosed", "source", "- id: \"a\n", -1},
	{"two spaces", "source", "- id:  a\n", -1},
	{"colon in plain", "source", "- id: a:b\n  title: http://x/y\n", 1},
	{"colon space in plain", "source", "- id: a: b\n", -1},
	{"hash in plain", "source", "- id: a#b\n", 1},
	{"plain dash", "source", "- id: -a\n", 1},
	{"document marker", "source", "---\n- id: a\n", -1},
	{"two documents", "source", "- id: a\n---\n- id: b\n", -1},
	{"item not mapping", "source", "- a\n", -1},
	{"not a list", "source", "id: a\n", -1},
	{"empty item", "source", "-\n  id: a\n", -1},
	{"comment only", "source", "# nothing\n", -1},
	{"empty file", "source", "", -1},
	{"bad date", "fact", "- id: f\n  when: 2024-13-45\n", -1},
	{"date scalar", "fact", "- id: f\n  when: 2024-06\n  excerpts: []\n  credibility: 3\n", 1},
	{"date mapping", "fact", "- id: f\n  when:\n    text: late 2024\n    edtf: 2024-10/2024-12\n", 1},
	{"date mapping unknown", "fact", "- id: f\n  when:\n    edtf: '2024'\n    note: x\n", -1},
	{"date mapping twice", "fact", "- id: f\n  when:\n    edtf: '2024'\n    edtf: '2025'\n", -1},
	{"date null", "fact", "- id: f\n  when: ~\n", -1},
	{"date quoted empty", "fact", "- id: f\n  when: \"\"\n", 1},
	{"int", "fact", "- id: f\n  credibility: -0\n", 1},
	{"int quoted", "fact", "- id: f\n  credibility: \"3\"\n", -1},
	{"int float", "fact", "- id: f\n  credibility: 3.0\n", -1},
	{"int octal", "fact", "- id: f\n  credibility: 010\n", -1},
	{"int word", "fact", "- id: f\n  credibility: high\n", -1},
	{"int huge", "capture", "- id: c\n  size: 99999999999999999999\n", -1},
	{"float forms", "fact", "- id: f\n  figures:\n    - measure: m\n      value: 1e3\n      min: -0.5\n      max: 12\n", 1},
	{"float hex", "fact", "- id: f\n  figures:\n    - measure: m\n      value: 0x10\n", -1},
	{"float inf", "fact", "- id: f\n  figures:\n    - measure: m\n      value: .inf\n", -1},
	{"float null", "fact", "- id: f\n  figures:\n    - measure: m\n      value: null\n", -1},
	{"meta", "capture", "- id: c\n  meta:\n    \"2024\": x\n    a b: 'c'\n    'q''k': \"v\"\n", 1},
	{"meta dup", "capture", "- id: c\n  meta:\n    a: x\n    'a': y\n", -1},
	{"meta null key", "capture", "- id: c\n  meta:\n    ~: x\n", -1},
	{"meta merge", "capture", "- id: c\n  meta:\n    <<: x\n", -1},
	{"meta quoted merge", "capture", "- id: c\n  meta:\n    \"<<\": x\n", -1},
	{"meta complex key", "capture", "- id: c\n  meta:\n    ? a\n    : b\n", -1},
	{"meta empty", "capture", "- id: c\n  meta: {}\n", 1},
	{"C1 control", "source", "- id: a\u0086b\n", -1},
	{"nbsp", "source", "- id: \u00a0a\n", 1},
	{"bom", "source", "\ufeff- id: a\n", -1},
	{"line separator", "source", "- id: a\u2028b\n", -1},
	{"nested seq item", "fact", "- id: f\n  excerpts:\n    - source: s\n      pinpoint: p\n    - source: t\n  credibility: 2\n", 1},
	{"item mis-indented", "fact", "- id: f\n  excerpts:\n    - source: s\n     pinpoint: p\n", -1},
	{"item over-indented", "fact", "- id: f\n  excerpts:\n    - source: s\n       pinpoint: p\n", -1},
}

// Hand-written files: valid YAML outside the canonical subset, broken YAML and records with
// problems. The fast path must agree or decline; some must be declined, some accepted.
func TestCanonicalHandWritten(t *testing.T) {
	for _, c := range handWritten {
		t.Run(c.name, func(t *testing.T) {
			accepted := checkSame(t, c.name, []byte(c.body), handKinds[c.kind])
			switch {
			case c.want == 1 && !accepted:
				t.Errorf("declined:\n%s", c.body)
			case c.want == -1 && accepted:
				t.Errorf("accepted:\n%s", c.body)
			}
		})
	}
}

// Every yaml field of every record type is read by the fast path: a record with all fields set
// (by reflection, so a field added to the model later is covered) is accepted and read exactly.
func TestCanonicalCoversModel(t *testing.T) {
	for _, variant := range []int{0, 1} {
		b := &model.Bundle{}
		bv := reflect.ValueOf(b).Elem()
		for _, f := range []string{"Actors", "Sources", "Captures", "Facts", "Charges", "Findings"} {
			s := bv.FieldByName(f)
			s.Set(reflect.MakeSlice(s.Type(), 2, 2))
			for i := 0; i < 2; i++ {
				fill(s.Index(i), fmt.Sprintf("%s%d-%d", f, i, variant), variant)
			}
		}
		checkBundle(t, fmt.Sprintf("all fields %d", variant), b)
	}
}

var whenType = reflect.TypeFor[model.When]()

// fill sets every field of v to a non-zero value derived from tag.
func fill(v reflect.Value, tag string, variant int) {
	switch {
	case v.Type() == whenType:
		w := mustWhen("2024-06-19")
		if variant == 1 {
			w = mustWhen("[1982-01-08,1983-01-08]")
			w.Text = "text for " + tag
		}
		v.Set(reflect.ValueOf(w))
		return
	}
	switch v.Kind() {
	case reflect.String:
		s := "v " + tag
		if variant == 1 {
			s = "multi\nline: '" + tag + "'\n"
		}
		v.SetString(s)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(len(tag)))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		if v.Type().Elem().Kind() == reflect.Float64 {
			v.Elem().SetFloat(float64(len(tag)) + 0.25)
		} else {
			fill(v.Elem(), tag, variant)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), fmt.Sprintf("%s[%d]", tag, i), variant)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := 0; i < 2; i++ {
			k := reflect.New(v.Type().Key()).Elem()
			fill(k, fmt.Sprintf("%s key%d", tag, i), 0)
			e := reflect.New(v.Type().Elem()).Elem()
			fill(e, fmt.Sprintf("%s val%d", tag, i), variant)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), tag+"."+v.Type().Field(i).Name, variant)
			}
		}
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

// The whole bundle read through Read takes the fast path and gives what the yaml.v3 path gives.
func TestCanonicalReadEquivalence(t *testing.T) {
	dir := t.TempDir()
	b := synthCase(7, ShardSize+30, 40)
	if err := Write(context.Background(), dir, b); err != nil {
		t.Fatal(err)
	}
	got, _, err := Read(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	Normalise(b)
	for _, c := range []struct {
		name      string
		got, want any
	}{{"sources", got.Sources, b.Sources}, {"facts", got.Facts, b.Facts}, {"findings", got.Findings, b.Findings}, {"charges", got.Charges, b.Charges}} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s differ after a round trip through the fast path", c.name)
		}
	}
}

// canonChars agrees with a plain rune-by-rune statement of what it accepts.
func TestCanonChars(t *testing.T) {
	ref := func(b []byte) bool {
		if !utf8.Valid(b) {
			return false
		}
		for _, r := range string(b) {
			switch {
			case r == '\n', r >= 0x20 && r < 0x7f, r >= 0xa0 && r <= 0xd7ff && r != 0x2028 && r != 0x2029,
				r >= 0xe000 && r <= 0xfffd && r != 0xfeff, r >= 0x10000 && r <= 0x10ffff:
			default:
				return false
			}
		}
		return true
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "z", " ", "~", "\n", "\t", "\r", "\x00", "\x1f", "\x7f", "\u0080", "\u0085", "\u009f", "\u00a0", "é",
		"\u2028", "\u2029", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0001F600", "\xff", "\xc3", "\xed\xa0\x80"}
	for i := 0; i < 20000; i++ {
		var b []byte
		for n := rng.IntN(60); n > 0; n-- {
			if rng.IntN(10) < 8 { // long printable ASCII runs take the eight-byte path
				b = append(b, byte(0x20+rng.IntN(0x5f)))
				continue
			}
			b = append(b, alphabet[rng.IntN(len(alphabet))]...)
		}
		if got, want := canonChars(b), ref(b); got != want {
			t.Fatalf("canonChars(%q) = %v, want %v", b, got, want)
		}
	}
}

// FuzzCanonical feeds arbitrary bytes, and mutations of canonical files, to the fast path: it
// must never panic, and whatever it accepts yaml.v3 must accept and decode identically.
func FuzzCanonical(f *testing.F) {
	b := synthCase(3, 6, 6)
	ref, _, err := Read(context.Background(), referenceDir)
	if err == nil {
		ref.Facts = ref.Facts[:min(len(ref.Facts), 12)]
		ref.Sources = ref.Sources[:min(len(ref.Sources), 12)]
		ref.Actors = ref.Actors[:min(len(ref.Actors), 12)]
	}
	var all []*model.Bundle
	all = append(all, b)
	if ref != nil {
		all = append(all, ref)
	}
	for _, s := range []string{"a\nb", " x", "it's", "\"q\"", "a: b", "\n\n", "2024", "\u00e9\x01"} {
		all = append(all, &model.Bundle{Sources: []model.Source{{ID: s, Title: s, Author: []model.CSLName{{Family: s}}}},
			Captures: []model.Capture{{ID: s, Meta: map[string]string{s: s}}}})
	}
	for _, bb := range all {
		files, err := Encode(bb)
		if err != nil {
			f.Fatal(err)
		}
		for rel, data := range files {
			if kind, ok := kindOfFile(rel); ok {
				f.Add(data, kindIndex(kind))
			}
		}
	}
	for _, c := range handWritten {
		f.Add([]byte(c.body), kindIndex(handKinds[c.kind]))
	}
	for _, s := range trickyStrings[:60] {
		files, err := Encode(&model.Bundle{Actors: []model.Actor{{ID: "a", Name: s, Aliases: []string{s}, Born: model.When{Text: s}}}})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(files["actors.yaml"], kindIndex(model.KindActor))
	}
	f.Add([]byte("- id: a\n  title: |2-\n\n     x\n"), uint8(1))
	f.Add([]byte("- id: c\n  meta:\n    \"a\\tb\": 'x'\n"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		kind := canonKinds[int(k)%len(canonKinds)].kind
		checkSame(t, "fuzz", data, kind)
	})
}

func kindIndex(kind model.Kind) uint8 {
	for i, k := range canonKinds {
		if k.kind == kind {
			return uint8(i)
		}
	}
	return 0
}

// BenchmarkCanonical compares the two paths on one 10,000-source shard.
func BenchmarkCanonical(b *testing.B) {
	bun := synth.Case(synth.Options{Sources: ShardSize, Facts: 0, Seed: 1})
	files, err := Encode(bun)
	if err != nil {
		b.Fatal(err)
	}
	data := files["sources.yaml"]
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		defer reportCPU(b, int64(len(data)))()
		for b.Loop() {
			if _, _, ok := decodeCanonical(data, model.KindSource); !ok {
				b.Fatal("declined")
			}
		}
	})
	b.Run("yaml", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		defer reportCPU(b, int64(len(data)))()
		for b.Loop() {
			if _, _, probs := yamlPath(data, model.KindSource); len(probs) > 0 {
				b.Fatal(probs)
			}
		}
	})
}

// BenchmarkCanonicalDir reads every list file of the bundle named by $DOSSIER_BENCH_BUNDLE both
// ways (skipped when unset), e.g. one written by `dossier synth --sources 100000 --facts 0`.
func BenchmarkCanonicalDir(b *testing.B) {
	dir := os.Getenv("DOSSIER_BENCH_BUNDLE")
	if dir == "" {
		b.Skip("set DOSSIER_BENCH_BUNDLE to a bundle directory")
	}
	type file struct {
		kind model.Kind
		data []byte
	}
	var files []file
	var size int64
	for _, k := range canonKinds {
		rels, err := kindFiles(dir, k.name)
		if err != nil {
			b.Fatal(err)
		}
		for _, rel := range rels {
			data, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, file{k.kind, data})
			size += int64(len(data))
		}
	}
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(size)
		defer reportCPU(b, size)()
		for b.Loop() {
			for _, f := range files {
				if _, _, ok := decodeCanonical(f.data, f.kind); !ok {
					b.Fatal("declined")
				}
			}
		}
	})
	b.Run("yaml", func(b *testing.B) {
		b.SetBytes(size)
		defer reportCPU(b, size)()
		for b.Loop() {
			for _, f := range files {
				if _, _, probs := yamlPath(f.data, f.kind); len(probs) > 0 {
					b.Fatal(probs)
				}
			}
		}
	})
}

// reportCPU, deferred, reports MB per CPU-second of the benchmark loop.
func reportCPU(b *testing.B, size int64) func() {
	start := cpuTime()
	return func() {
		if d := cpuTime() - start; d > 0 {
			b.ReportMetric(float64(size)*float64(b.N)/1e6/d.Seconds(), "MB/cpu-s")
		}
	}
}
