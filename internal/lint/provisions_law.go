package lint

import (
	"errors"
	"regexp"
	"strings"

	"dossier/internal/law"
)

// LawProvisions answers the linter's "does this provision exist" from the law library, in the
// linter's reference form ("Rome Statute art. 25(3)(c)"), falling back to BuiltinProvisions for
// instruments the library does not carry or references it cannot read. A provision the library
// knows but does not carry the text of exists.
func LawProvisions(lib *law.Library) Provisions {
	return lawProvisions{lib: lib, fallback: BuiltinProvisions()}
}

type lawProvisions struct {
	lib      *law.Library
	fallback Provisions
}

func (p lawProvisions) Exists(ref string) (string, bool, string) {
	if p.lib == nil {
		return p.fallback.Exists(ref)
	}
	_, err := p.lib.ParseProvisionRef(ref)
	switch {
	case err == nil, errors.Is(err, law.ErrNotCarried):
		return ref, true, ""
	case errors.Is(err, law.ErrNoSuchProvision), errors.Is(err, law.ErrDeleted):
		var re *law.RefError
		sugg := ""
		if errors.As(err, &re) {
			sugg = re.Suggestion
		}
		return ref, false, sugg
	}
	// Unknown instrument or unparsable here: let the built-in table decide.
	return p.fallback.Exists(ref)
}

// reLabel reads a provision label as a reader writes it: "Article 25(3)(c)", "Art. 8 bis(2)(a)".
var reLabel = regexp.MustCompile(`(?i)^\s*art(?:icle)?\.?\s+(\d{1,3}(?:\s*(?:bis|ter|quater))?(?:\s*\(\s*[0-9a-z]{1,6}(?:\s+bis)?\s*\))*)\s*(?:\[unverified\])?\s*$`)

// normProvisions makes any Provisions speak the linter's reference form: a canonical form or a
// suggestion given as a label ("Article 25(3)(c)", as the law library prints it) is read against
// the instrument of the reference asked about. Without this, one provision would be keyed two
// ways and a suggestion could not be displayed.
type normProvisions struct{ p Provisions }

func (n normProvisions) Exists(ref string) (string, bool, string) {
	canon, ok, sugg := n.p.Exists(ref)
	r, rok := parseProvRef(ref)
	norm := func(s string) string {
		if s == "" {
			return ""
		}
		if x, ok := parseProvRef(s); ok {
			return x.String()
		}
		if m := reLabel.FindStringSubmatch(s); m != nil && rok {
			if x, ok := parseProvRef(r.instrument + " art. " + strings.TrimSpace(m[1])); ok {
				return x.String()
			}
		}
		return ""
	}
	c := norm(canon)
	if c == "" && rok {
		c = r.String()
	}
	if c == "" {
		c = canon
	}
	return c, ok, norm(sugg)
}
