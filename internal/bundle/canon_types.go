package bundle

import (
	"bytes"

	"dossier/internal/model"
)

// The record readers of the fast path: one per model type, each reading a block mapping whose
// keys are at column col and whose first key starts at p.pos (just after "- "). A key the type
// does not have, or a key given twice, declines the file. TestCanonicalCoversModel checks that
// every yaml field of the model types is read here.

// canonList reads the records of a list file.
func canonList[T any](p *canonParser, item func(*canonParser, int, *T) bool) (any, int, bool) {
	out := make([]T, 0, bytes.Count(p.data[p.pos:], []byte("\n- "))+1)
	for p.pos < len(p.data) {
		if !p.dash(0) {
			return nil, 0, false
		}
		out = append(out, *new(T))
		if !item(p, 2, &out[len(out)-1]) || p.bad {
			return nil, 0, false
		}
	}
	return out, len(out), true
}

// fields runs one record's mapping: for each key, set reads the value and returns the key's bit
// (0 for an unknown key) and whether the value was read.
func (p *canonParser) fields(col int, set func(k []byte) (uint32, bool)) bool {
	if d := p.data[p.pos:]; len(d) >= 3 && d[0] == '{' && d[1] == '}' && d[2] == '\n' {
		p.pos += 3 // an empty mapping: a record or item with no field set
		return true
	}
	var seen uint32
	for first := true; ; first = false {
		k, ok := p.key(col, first)
		if !ok {
			return !p.bad
		}
		bit, ok := set(k)
		if !ok || bit == 0 || seen&bit != 0 {
			return p.fail()
		}
		seen |= bit
	}
}

func (p *canonParser) actor(col int, a *model.Actor) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "id":
			return 1 << 0, p.str(col, &a.ID)
		case "kind":
			return 1 << 1, p.str(col, (*string)(&a.Kind))
		case "name":
			return 1 << 2, p.str(col, &a.Name)
		case "aliases":
			return 1 << 3, seq(p, col, &a.Aliases, strItem)
		case "transliterations":
			return 1 << 4, seq(p, col, &a.Transliterations, (*canonParser).name)
		case "born":
			return 1 << 5, p.when(col, &a.Born)
		case "birthplace":
			return 1 << 6, p.str(col, &a.Birthplace)
		case "part_of":
			return 1 << 7, p.str(col, &a.PartOf)
		case "positions":
			return 1 << 8, seq(p, col, &a.Positions, (*canonParser).position)
		case "state_party":
			return 1 << 9, seq(p, col, &a.StateParty, strItem)
		case "confidentiality":
			return 1 << 10, p.str(col, (*string)(&a.Confidentiality))
		case "notes":
			return 1 << 11, p.str(col, &a.Notes)
		}
		return 0, false
	})
}

func (p *canonParser) name(col int, n *model.Name) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "text":
			return 1 << 0, p.str(col, &n.Text)
		case "lang":
			return 1 << 1, p.str(col, &n.Lang)
		case "scheme":
			return 1 << 2, p.str(col, &n.Scheme)
		}
		return 0, false
	})
}

func (p *canonParser) position(col int, o *model.Position) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "office":
			return 1 << 0, p.str(col, &o.Office)
		case "of":
			return 1 << 1, p.str(col, &o.Of)
		case "from":
			return 1 << 2, p.when(col, &o.From)
		case "to":
			return 1 << 3, p.when(col, &o.To)
		case "sources":
			return 1 << 4, seq(p, col, &o.Sources, strItem)
		}
		return 0, false
	})
}

func (p *canonParser) source(col int, s *model.Source) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "id":
			return 1 << 0, p.str(col, &s.ID)
		case "kind":
			return 1 << 1, p.str(col, (*string)(&s.Kind))
		case "title":
			return 1 << 2, p.str(col, &s.Title)
		case "author":
			return 1 << 3, seq(p, col, &s.Author, (*canonParser).cslName)
		case "container-title":
			return 1 << 4, p.str(col, &s.ContainerTitle)
		case "publisher":
			return 1 << 5, p.str(col, &s.Publisher)
		case "issued":
			return 1 << 6, p.when(col, &s.Issued)
		case "URL":
			return 1 << 7, p.str(col, &s.URL)
		case "accessed":
			return 1 << 8, p.when(col, &s.Accessed)
		case "number":
			return 1 << 9, p.str(col, &s.Number)
		case "origin":
			return 1 << 10, p.str(col, &s.Origin)
		case "reliability":
			return 1 << 11, p.str(col, &s.Reliability)
		case "language":
			return 1 << 12, p.str(col, &s.Language)
		case "confidentiality":
			return 1 << 13, p.str(col, (*string)(&s.Confidentiality))
		case "problems":
			return 1 << 14, seq(p, col, &s.Problems, strItem)
		case "notes":
			return 1 << 15, p.str(col, &s.Notes)
		}
		return 0, false
	})
}

func (p *canonParser) cslName(col int, n *model.CSLName) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "family":
			return 1 << 0, p.str(col, &n.Family)
		case "given":
			return 1 << 1, p.str(col, &n.Given)
		case "literal":
			return 1 << 2, p.str(col, &n.Literal)
		}
		return 0, false
	})
}

func (p *canonParser) capture(col int, c *model.Capture) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "id":
			return 1 << 0, p.str(col, &c.ID)
		case "source":
			return 1 << 1, p.str(col, &c.Source)
		case "sha256":
			return 1 << 2, p.str(col, &c.SHA256)
		case "size":
			return 1 << 3, p.int64Field(&c.Size)
		case "media_type":
			return 1 << 4, p.str(col, &c.MediaType)
		case "at":
			return 1 << 5, p.str(col, &c.At)
		case "by":
			return 1 << 6, p.str(col, &c.By)
		case "how":
			return 1 << 7, p.str(col, &c.How)
		case "url":
			return 1 << 8, p.str(col, &c.URL)
		case "final_url":
			return 1 << 9, p.str(col, &c.FinalURL)
		case "warc":
			return 1 << 10, p.str(col, &c.WARC)
		case "text":
			return 1 << 11, p.str(col, &c.Text)
		case "status":
			return 1 << 12, p.intField(&c.Status)
		case "error":
			return 1 << 13, p.str(col, &c.Error)
		case "meta":
			return 1 << 14, p.strMap(col, &c.Meta)
		}
		return 0, false
	})
}

func (p *canonParser) fact(col int, f *model.Fact) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "id":
			return 1 << 0, p.str(col, &f.ID)
		case "statement":
			return 1 << 1, p.str(col, &f.Statement)
		case "when":
			return 1 << 2, p.when(col, &f.When)
		case "where":
			return 1 << 3, p.str(col, &f.Where)
		case "actors":
			return 1 << 4, seq(p, col, &f.Actors, (*canonParser).role)
		case "figures":
			return 1 << 5, seq(p, col, &f.Figures, (*canonParser).figure)
		case "excerpts":
			return 1 << 6, seq(p, col, &f.Excerpts, (*canonParser).excerpt)
		case "credibility":
			return 1 << 7, p.intField(&f.Credibility)
		case "review":
			return 1 << 8, p.str(col, (*string)(&f.Review))
		case "confidentiality":
			return 1 << 9, p.str(col, (*string)(&f.Confidentiality))
		case "tags":
			return 1 << 10, seq(p, col, &f.Tags, strItem)
		case "notes":
			return 1 << 11, p.str(col, &f.Notes)
		}
		return 0, false
	})
}

func (p *canonParser) role(col int, r *model.Role) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "actor":
			return 1 << 0, p.str(col, &r.Actor)
		case "role":
			return 1 << 1, p.str(col, &r.Role)
		}
		return 0, false
	})
}

func (p *canonParser) figure(col int, g *model.Figure) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "measure":
			return 1 << 0, p.str(col, &g.Measure)
		case "value":
			return 1 << 1, p.float(&g.Value)
		case "min":
			return 1 << 2, p.float(&g.Min)
		case "max":
			return 1 << 3, p.float(&g.Max)
		case "unit":
			return 1 << 4, p.str(col, &g.Unit)
		case "qualifier":
			return 1 << 5, p.str(col, (*string)(&g.Qualifier))
		case "as_of":
			return 1 << 6, p.when(col, &g.AsOf)
		case "source":
			return 1 << 7, p.str(col, &g.Source)
		case "text":
			return 1 << 8, p.str(col, &g.Text)
		}
		return 0, false
	})
}

func (p *canonParser) excerpt(col int, e *model.Excerpt) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "source":
			return 1 << 0, p.str(col, &e.Source)
		case "stance":
			return 1 << 1, p.str(col, (*string)(&e.Stance))
		case "pinpoint":
			return 1 << 2, p.str(col, &e.Pinpoint)
		case "quote":
			return 1 << 3, p.str(col, &e.Quote)
		case "language":
			return 1 << 4, p.str(col, &e.Language)
		case "translation":
			return 1 << 5, p.str(col, &e.Translation)
		case "capture":
			return 1 << 6, p.str(col, &e.Capture)
		}
		return 0, false
	})
}

func (p *canonParser) charge(col int, c *model.Charge) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "id":
			return 1 << 0, p.str(col, &c.ID)
		case "count":
			return 1 << 1, p.intField(&c.Count)
		case "title":
			return 1 << 2, p.str(col, &c.Title)
		case "accused":
			return 1 << 3, p.str(col, &c.Accused)
		case "crime":
			return 1 << 4, p.str(col, &c.Crime)
		case "mode":
			return 1 << 5, p.str(col, &c.Mode)
		case "forum":
			return 1 << 6, p.str(col, &c.Forum)
		case "principal":
			return 1 << 7, p.str(col, &c.Principal)
		case "principal_crime":
			return 1 << 8, p.str(col, &c.PrincipalCrime)
		case "period":
			return 1 << 9, p.when(col, &c.Period)
		case "allegations":
			return 1 << 10, seq(p, col, &c.Allegations, (*canonParser).allegation)
		}
		return 0, false
	})
}

func (p *canonParser) allegation(col int, a *model.Allegation) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "element":
			return 1 << 0, p.str(col, &a.Element)
		case "text":
			return 1 << 1, p.str(col, &a.Text)
		}
		return 0, false
	})
}

func (p *canonParser) finding(col int, f *model.Finding) bool {
	return p.fields(col, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "id":
			return 1 << 0, p.str(col, &f.ID)
		case "charge":
			return 1 << 1, p.str(col, &f.Charge)
		case "element":
			return 1 << 2, p.str(col, &f.Element)
		case "fact":
			return 1 << 3, p.str(col, &f.Fact)
		case "stance":
			return 1 << 4, p.str(col, (*string)(&f.Stance))
		case "reason":
			return 1 << 5, p.str(col, &f.Reason)
		case "by":
			return 1 << 6, p.str(col, &f.By)
		}
		return 0, false
	})
}
