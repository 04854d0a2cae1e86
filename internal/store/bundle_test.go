package store

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"dossier/internal/model"
	"dossier/internal/synth"
)

// tricky strings: JSON escapes, HTML-unsafe bytes, control bytes, invalid UTF-8, U+2028/2029.
var trickyStrings = []string{"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnew\nline\rcr", "bs\b ff\f",
	"\x00\x01\x1f\x7f", "bad \xff utf8 \xc3", "line\u2028sep\u2029para", "Ким Чен Ын 김정은", "emoji 🚀", " "}

func checkSourceJSON(t *testing.T, s *model.Source) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sourceJSON(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("sourceJSON(%+v)\n got %s\nwant %s", s, got, want)
	}
}

func TestSourceJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pick := func() string { return trickyStrings[r.IntN(len(trickyStrings))] }
	dates := []string{"", "2024", "2024-06-19", "2025-01?", "2023-XX", "2024-10/2025-01", "[1982-01-08,1983-01-08]"}
	when := func() model.When {
		d := dates[r.IntN(len(dates))]
		var w model.When
		if d != "" {
			var err error
			if w, err = model.ParseWhen(d); err != nil {
				t.Fatal(err)
			}
		}
		if r.IntN(3) == 0 {
			w.Text = pick()
		}
		return w
	}
	for range 20000 {
		s := &model.Source{ID: pick(), Kind: model.SourceKind(pick()), Title: pick(), ContainerTitle: pick(), Publisher: pick(),
			Issued: when(), URL: pick(), Accessed: when(), Number: pick(), Origin: pick(), Reliability: pick(), Language: pick(),
			Confidentiality: model.Confidentiality(pick()), Notes: pick()}
		for range r.IntN(3) {
			s.Author = append(s.Author, model.CSLName{Family: pick(), Given: pick(), Literal: pick()})
		}
		switch r.IntN(3) {
		case 0:
			s.Problems = []string{}
		case 1:
			s.Problems = []string{pick(), pick()}
		}
		if r.IntN(4) == 0 {
			s.Author = []model.CSLName{}
		}
		checkSourceJSON(t, s)
	}
	b := synth.Case(synth.Options{Sources: 2000, Seed: 5})
	for i := range b.Sources {
		checkSourceJSON(t, &b.Sources[i])
	}
	// ToRecord uses it: same data as before.
	r0, err := ToRecord(model.KindSource, b.Sources[0].ID, &b.Sources[0])
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := json.Marshal(&b.Sources[0]); !bytes.Equal(r0.Data, want) {
		t.Fatalf("ToRecord data %s, want %s", r0.Data, want)
	}
}

func FuzzSourceJSON(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s, s, "2024-06-19", s)
	}
	f.Fuzz(func(t *testing.T, id, title, issued, notes string) {
		s := &model.Source{ID: id, Title: title, Notes: notes, Author: []model.CSLName{{Family: title, Literal: notes}}, Problems: []string{id}}
		if w, err := model.ParseWhen(issued); err == nil {
			s.Issued = w
		} else {
			s.Accessed.Text = issued
		}
		checkSourceJSON(t, s)
	})
}

func TestDataEncoded(t *testing.T) {
	r, err := ToRecord(model.KindSource, "s1", &model.Source{ID: "s1", Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	copied := r
	replaced := r
	replaced.Data = append([]byte(nil), r.Data...)
	emptied := r
	emptied.Data = nil
	for _, tc := range []struct {
		name string
		r    Record
		want bool
	}{
		{"from ToRecord", r, true},
		{"a copy of it", copied, true},
		{"Data replaced by equal bytes", replaced, false},
		{"Data emptied", emptied, false},
		{"built by hand", Record{Kind: model.KindSource, ID: "s1", Data: r.Data}, false},
		{"zero", Record{}, false},
	} {
		if got := tc.r.DataEncoded(); got != tc.want {
			t.Errorf("%s: DataEncoded() = %v, want %v", tc.name, got, tc.want)
		}
	}
}
