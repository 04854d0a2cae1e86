package model

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// randomBundle builds a small case whose ids and references are drawn from small pools, so that
// duplicate ids, invalid ids, unknown and self references, forward references between actors,
// sources published after the events they support and bad field values all occur often.
func randomBundle(t *testing.T, r *rand.Rand) *Bundle {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	ids := func(p string) string { return pick("", p+"1", p+"2", p+"3", p+"4", "Bad ID", p+"1") }
	dates := []string{"", "2024", "2024-06-19", "2025-01", "2023-XX", "2024-10/2025-01", "2026~"}
	when := func() When {
		d := pick(dates...)
		if d == "" {
			return When{}
		}
		return w(t, d)
	}
	b := &Bundle{}
	b.Case = Case{ID: pick("", "c", "Bad ID"), Title: pick("", "T"), Accused: []string{ids("a")}, Confidentiality: Confidentiality(pick("", "public", "secret"))}
	for range r.IntN(5) {
		s := Source{ID: ids("s"), Kind: SourceKind(pick("news", "report", "blog?")), Title: pick("", "T", " "), URL: pick("", "https://example.org/a", "ftp://x", "https://a b"),
			Reliability: pick("", "A", "G", "AB"), Issued: when(), Accessed: when(), Confidentiality: Confidentiality(pick("", "x"))}
		b.Sources = append(b.Sources, s)
	}
	for range r.IntN(3) {
		b.Captures = append(b.Captures, Capture{ID: ids("cp"), Source: pick("", "s1", "s9"), SHA256: pick("", fmt.Sprintf("%064x", 7))})
	}
	for range r.IntN(5) {
		a := Actor{ID: ids("a"), Kind: ActorKind(pick("person", "state", "alien")), Name: pick("", "N"), PartOf: pick("", "a1", "a3", "a7"), Confidentiality: Confidentiality(pick("", "x"))}
		for range r.IntN(3) {
			a.Positions = append(a.Positions, Position{Office: pick("", "O"), Of: pick("", "a2", "a8"), From: when(), To: when(), Sources: []string{pick("", "s1", "s2", "s8")}})
		}
		b.Actors = append(b.Actors, a)
	}
	for range r.IntN(5) {
		f := Fact{ID: ids("f"), Statement: pick("", "S"), When: when(), Credibility: r.IntN(8), Review: ReviewStatus(pick("", "draft", "??")), Confidentiality: Confidentiality(pick("", "x"))}
		for range r.IntN(3) {
			f.Actors = append(f.Actors, Role{Actor: pick("", "a1", "a2", "a9")})
		}
		for range r.IntN(3) {
			f.Excerpts = append(f.Excerpts, Excerpt{Source: pick("", "s1", "s2", "s3", "s7"), Stance: Stance(pick("", "supports", "contradicts", "meh")), Pinpoint: pick("", "p"), Capture: pick("", "cp1", "cp9")})
		}
		for range r.IntN(2) {
			v, lo, hi := 1.0, 5.0, 3.0
			g := Figure{Measure: pick("", "m"), Unit: pick("", "u"), Qualifier: Qualifier(pick("", "about", "roughly")), Source: pick("", "s1", "s6")}
			switch r.IntN(4) {
			case 0:
				g.Value = &v
			case 1:
				g.Min, g.Max = &lo, &hi
			case 2:
				g.Value, g.Min = &v, &lo
			}
			f.Figures = append(f.Figures, g)
		}
		b.Facts = append(b.Facts, f)
	}
	for range r.IntN(3) {
		b.Charges = append(b.Charges, Charge{ID: ids("ch"), Accused: pick("", "a1", "a5"), Principal: pick("", "a2", "a6"), Crime: pick("", "aggression"), Mode: pick("", "aiding"), Forum: pick("", "icc")})
	}
	for range r.IntN(4) {
		b.Findings = append(b.Findings, Finding{ID: ids("fd"), Charge: pick("", "ch1", "ch2", "ch9"), Fact: pick("", "f1", "f9"), Element: pick("e1", "e2", "zz"), Stance: Stance(pick("", "supports", "meh")), Reason: pick("", "R")})
	}
	for range r.IntN(2) {
		b.Drafts = append(b.Drafts, DraftDoc{ID: ids("d"), Kind: pick("", "brief")})
	}
	return b
}

// fakeLaw knows two elements per charge and rejects the forum "icc" for crime "aggression" when
// the mode is "aiding" and the principal is empty.
type fakeLaw struct{}

func (fakeLaw) CheckCharge(c *Charge) []FieldError {
	if c.Principal == "" {
		return []FieldError{{Field: "principal", Msg: "aiding needs a principal"}}
	}
	return nil
}

func (fakeLaw) Elements(c *Charge) ([]string, error) {
	if c.ID == "ch2" {
		return nil, fmt.Errorf("no such crime")
	}
	return []string{"e1", "e2"}, nil
}

// TestCheckerMatchesValidate: Checker, fed kind by kind, reports exactly what the whole-bundle
// validator did, over many random bundles, with and without a law checker.
func TestCheckerMatchesValidate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	nonEmpty := 0
	for i := range 5000 {
		b := randomBundle(t, r)
		for _, law := range []ChargeChecker{nil, fakeLaw{}} {
			want := refValidate(b, law)
			got := Validate(b, law)
			if len(want) > 0 {
				nonEmpty++
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("bundle %d (law %v):\n got %v\nwant %v", i, law != nil, got, want)
			}
		}
	}
	if nonEmpty < 1000 {
		t.Fatalf("only %d bundles with problems: the generator is too tame", nonEmpty)
	}
}

// TestCheckerForwardActorReference: an actor may name an actor defined after it.
func TestCheckerForwardActorReference(t *testing.T) {
	c := NewChecker(nil)
	c.Actor(&Actor{ID: "a", Kind: Person, Name: "A", PartOf: "b"})
	c.Actor(&Actor{ID: "b", Kind: State, Name: "B", PartOf: "zz"})
	c.Case(&Case{ID: "c", Title: "T"})
	ps := c.Problems()
	if len(ps) != 1 || ps[0].ID != "b" || ps[0].Msg != `unknown actor "zz"` {
		t.Fatalf("problems = %v, want one unknown actor zz on b", ps)
	}
}

// ValidID matches idPattern.
func TestValidIDMatchesPattern(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := "az09._-A Zé\n/"
	cases := []string{"", "a", "-a", ".a", "_a", "a-", "a.b_c-d", "0", strings.Repeat("a", 128), strings.Repeat("a", 129), "ab\n"}
	for range 20000 {
		n := r.IntN(6)
		if r.IntN(50) == 0 {
			n = 126 + r.IntN(4)
		}
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := ValidID(s), idPattern.MatchString(s); got != want {
			t.Fatalf("ValidID(%q) = %v, idPattern says %v", s, got, want)
		}
	}
}

func TestCheckerHasErrors(t *testing.T) {
	for _, tc := range []struct {
		name        string
		feed        func(c *Checker)
		during, end bool // HasErrors after feeding, and after Problems
	}{
		{"nothing", func(c *Checker) {}, false, false},
		{"a valid source", func(c *Checker) { c.Source(&Source{ID: "s1", Kind: News, Title: "T"}) }, false, false},
		{"a duplicate source", func(c *Checker) {
			c.Source(&Source{ID: "s1", Kind: News, Title: "T"})
			c.Source(&Source{ID: "s1", Kind: News, Title: "T"})
		}, true, true},
		{"an actor naming a later actor", func(c *Checker) {
			c.Actor(&Actor{ID: "unit", Kind: Organisation, Name: "Unit", PartOf: "army"})
			c.Actor(&Actor{ID: "army", Kind: ArmedForce, Name: "Army"})
		}, false, false},
		{"an actor naming no actor", func(c *Checker) {
			c.Actor(&Actor{ID: "unit", Kind: Organisation, Name: "Unit", PartOf: "nobody"})
		}, false, true}, // known only once every actor has been read
	} {
		c := NewChecker(nil)
		tc.feed(c)
		if got := c.HasErrors(); got != tc.during {
			t.Errorf("%s: HasErrors() = %v while feeding, want %v", tc.name, got, tc.during)
		}
		c.Problems()
		if got := c.HasErrors(); got != tc.end {
			t.Errorf("%s: HasErrors() = %v after Problems, want %v (%v)", tc.name, got, tc.end, c.Problems())
		}
	}
}
