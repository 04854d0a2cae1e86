package law

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// ErrNotFound is returned by Describe when nothing in the library has the requested id.
var ErrNotFound = errors.New("not in the law library")

// Describe writes a listing of the library (what == ""), of one kind ("instruments", "crimes", "modes",
// "forums", "standards", "authorities", "means"), or the detail of one item named by id: an instrument,
// a provision (path or free text such as "Article 25(3)(c)"), a crime, a mode, a forum, a standard (stage), an
// element or precondition, an authority or a means of proof. With jsonOut it writes JSON instead of text.
// Unverified wording is flagged "[unverified]" and every authority shows its reliability class.
// It is what `dossier law [ID] [--json]` prints.
func Describe(w io.Writer, lib *Library, what string, jsonOut bool) error {
	what = strings.TrimSpace(what)
	v, err := lib.lookupAny(what)
	if err != nil {
		return err
	}
	if jsonOut {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("law: write json: %w", err)
		}
		return nil
	}
	d := &describer{w: w, lib: lib}
	d.text(v)
	return d.err
}

type listing struct {
	Kind  string    `json:"kind"`
	Items []summary `json:"items"`
}

type summary struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Unverified bool   `json:"unverified,omitempty"`
	Extra      string `json:"detail,omitempty"`
}

type overview struct {
	Lists []listing `json:"lists"`
}

var kinds = []string{"instruments", "crimes", "modes", "forums", "standards", "authorities", "means"}

func (l *Library) lookupAny(what string) (any, error) {
	switch what {
	case "":
		ov := overview{}
		for _, k := range kinds {
			ov.Lists = append(ov.Lists, l.list(k))
		}
		return ov, nil
	case "instruments", "crimes", "modes", "forums", "standards", "authorities", "means":
		return l.list(what), nil
	}
	if in, ok := l.instruments[what]; ok {
		return in, nil
	}
	if c, ok := l.crimes[what]; ok {
		return c, nil
	}
	if m, ok := l.modes[what]; ok {
		return m, nil
	}
	if f, ok := l.forums[what]; ok {
		return f, nil
	}
	if s, ok := l.standards[what]; ok {
		return s, nil
	}
	if p, ok := l.Precondition(what); ok {
		return p, nil
	}
	if e, ok := l.elements[what]; ok {
		return e, nil
	}
	if a, ok := l.authorities[what]; ok {
		return a, nil
	}
	if m, ok := l.means[what]; ok {
		return m, nil
	}
	path, err := l.ParseProvisionRef(what)
	if p, ok := l.provisions[path]; ok {
		return p, nil
	}
	var re *RefError
	if errors.As(err, &re) && (errors.Is(err, ErrNoSuchProvision) || errors.Is(err, ErrNotCarried)) {
		return nil, fmt.Errorf("%q: %w (%v)", what, ErrNotFound, err)
	}
	return nil, fmt.Errorf("%q: %w (try one of: %s, or an id from them)", what, ErrNotFound, strings.Join(kinds, ", "))
}

func (l *Library) list(kind string) listing {
	ls := listing{Kind: kind}
	switch kind {
	case "instruments":
		for _, in := range l.Instruments {
			ls.Items = append(ls.Items, summary{in.ID, in.Title, in.Status == "not-found", fmt.Sprintf("%d provisions, %s", len(in.Provisions), orDash(in.Status))})
		}
	case "crimes":
		for _, c := range l.Crimes {
			ls.Items = append(ls.Items, summary{c.ID, c.Name, c.Unverified, fmt.Sprintf("%d elements", len(c.Elements))})
		}
	case "modes":
		for _, m := range l.Modes {
			ls.Items = append(ls.Items, summary{m.ID, m.Name, m.Unverified, fmt.Sprintf("%d elements", len(m.Elements))})
		}
	case "forums":
		for _, f := range l.Forums {
			ls.Items = append(ls.Items, summary{f.ID, f.Name, f.Unverified, fmt.Sprintf("%d crimes, %d modes, %d preconditions", len(f.Crimes), len(f.Modes), len(f.Preconditions))})
		}
	case "standards":
		st := append([]*Standard(nil), l.Standards...)
		sort.Slice(st, func(i, j int) bool { return st[i].Rank < st[j].Rank })
		for _, s := range st {
			ls.Items = append(ls.Items, summary{s.Stage, s.Name, s.Unverified, fmt.Sprintf("rank %d, %s", s.Rank, l.Canonical(s.Provision))})
		}
	case "authorities":
		for _, a := range l.Authorities {
			ls.Items = append(ls.Items, summary{a.ID, a.Case + ", " + a.Pinpoint, a.Unverified, a.Reliability})
		}
	case "means":
		for _, m := range l.Means {
			ls.Items = append(ls.Items, summary{m.ID, m.Description, false, ""})
		}
	}
	return ls
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type describer struct {
	w   io.Writer
	lib *Library
	err error
}

func (d *describer) f(format string, a ...any) {
	if d.err == nil {
		_, d.err = fmt.Fprintf(d.w, format, a...)
	}
}

func (d *describer) text(v any) {
	switch x := v.(type) {
	case overview:
		for i, ls := range x.Lists {
			if i > 0 {
				d.f("\n")
			}
			d.listing(ls)
		}
	case listing:
		d.listing(x)
	case *Instrument:
		d.instrument(x)
	case *Provision:
		d.provision(x, "")
	case *Crime:
		d.crime(x)
	case *Mode:
		d.mode(x)
	case *Forum:
		d.forum(x)
	case *Standard:
		d.standard(x)
	case *Precondition:
		d.element(&x.Element, "")
		if x.Check != "" {
			d.f("  check: %s\n", x.Check)
		}
	case *Element:
		_, owner, _ := d.lib.Element(x.ID)
		d.f("(%s)\n", owner)
		d.element(x, "")
	case *Authority:
		d.authority(x, "")
	case *MeansOfProof:
		d.f("%s: %s\n", x.ID, x.Description)
	}
}

func (d *describer) listing(ls listing) {
	d.f("%s (%d)\n", strings.ToUpper(ls.Kind[:1])+ls.Kind[1:], len(ls.Items))
	for _, it := range ls.Items {
		t := flag(it.Title, it.Unverified)
		if it.Extra != "" {
			t += " — " + it.Extra
		}
		d.f("  %-40s %s\n", it.ID, t)
	}
}

func (d *describer) instrument(in *Instrument) {
	d.f("%s (%s)\n", in.Title, in.ID)
	d.f("status: %s\n", orDash(in.Status))
	for _, s := range in.Sources {
		d.f("source: %s\n", s)
	}
	if in.Note != "" {
		d.f("note: %s\n", in.Note)
	}
	d.f("\n")
	for _, p := range in.Provisions {
		d.provision(p, "  ")
	}
}

func (d *describer) provision(p *Provision, ind string) {
	head := p.Label
	if p.Heading != "" {
		head += " — " + p.Heading
	}
	if p.Deleted() {
		head += " [deleted]"
	}
	d.f("%s%s  <%s>\n", ind, flag(head, p.Unverified), p.Path)
	if p.Text != "" {
		d.f("%s  %q\n", ind, p.Text)
	}
	if p.Source != "" && ind == "" {
		d.f("%s  source: %s\n", ind, p.Source)
	}
	if p.Note != "" {
		d.f("%s  note: %s\n", ind, p.Note)
	}
}

func (d *describer) crime(c *Crime) {
	d.f("%s (%s)\n", flag(c.Name, c.Unverified), c.ID)
	if c.Definition != "" {
		d.f("definition: %s\n", d.lib.Citation(c.Definition))
	}
	if c.Description != "" {
		d.f("%s\n", c.Description)
	}
	if c.Note != "" {
		d.f("note: %s\n", c.Note)
	}
	d.f("\nElements:\n")
	for _, e := range c.Elements {
		d.element(e, "  ")
	}
	if len(c.ParticipantElements) > 0 {
		d.f("\nElements added to every mode of liability for this crime:\n")
		for _, e := range c.ParticipantElements {
			d.element(e, "  ")
		}
	}
	if len(c.Acts) > 0 {
		d.f("\nQualifying acts:\n")
		for _, a := range c.Acts {
			d.f("  %-20s %s — %s\n", a.ID, d.lib.Canonical(a.Provision), a.Name)
		}
	}
	if len(c.Notes) > 0 {
		d.f("\nInterpretive notes:\n")
		for _, n := range c.Notes {
			d.noteLine(n, "  ")
		}
	}
	d.issues(c.Issues)
}

func (d *describer) noteLine(path, ind string) {
	p := d.lib.provisions[path]
	if p == nil {
		return
	}
	d.f("%s%s: %q\n", ind, p.String(), p.Text)
}

func (d *describer) mode(m *Mode) {
	d.f("%s (%s)\n", flag(m.Name, m.Unverified), m.ID)
	if m.Provision != "" {
		d.f("provision: %s\n", d.lib.Citation(m.Provision))
	}
	for _, p := range m.Provisions {
		d.f("provision: %s\n", d.lib.Citation(p))
	}
	d.f("accessory: %v\n", m.Accessory)
	if m.Description != "" {
		d.f("%s\n", m.Description)
	}
	d.f("\nElements:\n")
	for _, e := range m.Elements {
		d.element(e, "  ")
	}
	d.issues(m.Issues)
}

func (d *describer) element(e *Element, ind string) {
	num := ""
	if e.Number > 0 {
		num = fmt.Sprintf("%d. ", e.Number)
	}
	acc := ""
	if e.Accessory {
		acc = ", accessory"
	}
	grp := ""
	if e.Group != "" {
		grp = ", alternative group " + e.Group
	}
	d.f("%s%s[%s%s%s] %s\n", ind, num, e.Type, acc, grp, e.ID)
	if e.Title != "" {
		d.f("%s    %s\n", ind, e.Title)
	}
	if e.ParaphraseOf != "" {
		d.f("%s    %s\n", ind, flag(fmt.Sprintf("%s %s", e.Text, ParaphraseTag), e.Unverified))
		d.f("%s    dossier's paraphrase of %s, whose words are:\n", ind, d.lib.Citation(e.ParaphraseOf))
		if p, ok := d.lib.provisions[e.ParaphraseOf]; ok && p.Text != "" {
			d.f("%s      %s\n", ind, flag(fmt.Sprintf("%q", p.Text), p.Unverified))
		}
	} else {
		d.f("%s    %s\n", ind, flag(fmt.Sprintf("%q", e.Text), e.Unverified))
	}
	if len(e.AppliesToModes) > 0 {
		d.f("%s    applies to modes: %s\n", ind, strings.Join(e.AppliesToModes, ", "))
	}
	if e.QuotedFrom != "" {
		src := e.QuotedFrom
		if p, ok := d.lib.provisions[src]; ok {
			src = p.Citation
		} else if a, ok := d.lib.authorities[src]; ok {
			src = a.String()
		}
		d.f("%s    quoted from: %s\n", ind, src)
	}
	if e.Note != "" {
		d.f("%s    note: %s\n", ind, e.Note)
	}
	if e.Description != "" {
		d.f("%s    %s\n", ind, e.Description)
	}
	if len(e.RelatesTo) > 0 {
		d.f("%s    relates to: %s\n", ind, strings.Join(e.RelatesTo, ", "))
	}
	for _, n := range e.Notes {
		d.noteLine(n, ind+"    note ")
	}
	for _, id := range e.Authorities {
		if a, ok := d.lib.authorities[id]; ok {
			d.f("%s    authority: %s\n", ind, a.String())
		}
	}
	if len(e.Means) > 0 {
		d.f("%s    means of proof: %s\n", ind, strings.Join(e.Means, ", "))
	}
}

func (d *describer) forum(f *Forum) {
	d.f("%s (%s)\n", flag(f.Name, f.Unverified), f.ID)
	if f.Note != "" {
		d.f("note: %s\n", f.Note)
	}
	d.f("instruments: %s\n", strings.Join(f.Instruments, ", "))
	d.f("crimes: %s\n", strings.Join(f.Crimes, ", "))
	if f.CrimesNote != "" {
		d.f("  %s\n", flag(f.CrimesNote, f.Unverified))
	}
	d.f("modes: %s\n", strings.Join(f.Modes, ", "))
	if f.ModesNote != "" {
		d.f("  %s\n", flag(f.ModesNote, f.Unverified))
	}
	d.f("standards: %s\n", strings.Join(f.Standards, ", "))
	if f.StandardsNote != "" {
		d.f("  %s\n", flag(f.StandardsNote, f.Unverified))
	}
	if len(f.Preconditions) > 0 {
		d.f("\nPreconditions:\n")
		for _, p := range f.Preconditions {
			d.element(&p.Element, "  ")
			if p.Check != "" {
				d.f("      check: %s", p.Check)
				if len(p.Triggers) > 0 {
					d.f(" (triggers: %s)", strings.Join(p.Triggers, ", "))
				}
				d.f("\n")
			}
		}
	}
	if im := f.Immunity; im != nil {
		d.f("\nImmunity: %s\n", im.Rule)
		d.f("  %s\n", flag(fmt.Sprintf("%q", im.Text), im.Unverified))
		if im.QuotedFrom != "" {
			d.f("  quoted from: %s\n", d.lib.Citation(im.QuotedFrom))
		}
		if im.Note != "" {
			d.f("  note: %s\n", im.Note)
		}
		if im.Description != "" {
			d.f("  %s\n", im.Description)
		}
		for _, id := range im.Authorities {
			if a, ok := d.lib.authorities[id]; ok {
				d.f("  authority: %s\n", a.String())
			}
		}
	}
	if len(f.States) > 0 {
		d.f("\nStates:\n")
		for _, s := range f.States {
			party := "not a party"
			if s.Party {
				party = "party"
			}
			d.f("  %s %s: %s\n", s.Code, s.State, flag(party, s.Unverified))
		}
	}
	for _, id := range f.Authorities {
		if a, ok := d.lib.authorities[id]; ok {
			d.f("authority: %s\n", a.String())
		}
	}
	d.issues(f.Issues)
}

func (d *describer) standard(s *Standard) {
	d.f("%s (rank %d): %s\n", s.Stage, s.Rank, flag(s.Name, s.Unverified))
	d.f("  %s: %q\n", d.lib.Citation(s.Provision), s.Text)
	if s.Description != "" {
		d.f("  %s\n", s.Description)
	}
}

func (d *describer) authority(a *Authority, ind string) {
	d.f("%s%s\n", ind, a.String())
	if a.CaseNo != "" || a.Court != "" {
		d.f("%s  %s\n", ind, strings.Trim(strings.Join([]string{a.CaseNo, a.Court, a.Decision, a.Date}, ", "), ", "))
	}
	t := fmt.Sprintf("%q", a.Text)
	if a.Truncated {
		t += " [excerpt ends]"
	}
	d.f("%s  %s\n", ind, t)
	d.f("%s  source: %s\n", ind, a.Source)
	if a.Note != "" {
		d.f("%s  note: %s\n", ind, a.Note)
	}
}

func (d *describer) issues(is []*Issue) {
	if len(is) == 0 {
		return
	}
	d.f("\nLegal issues:\n")
	for _, i := range is {
		d.f("  %s — %s\n    %s\n", i.ID, i.Title, i.Description)
	}
}
