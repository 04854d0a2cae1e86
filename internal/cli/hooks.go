package cli

import (
	"sync"

	"dossier/internal/assess"
	"dossier/internal/law"
	"dossier/internal/model"
)

// loadLaw loads the embedded law library once.
var loadLaw = sync.OnceValues(law.Load)

// lawLibrary returns the embedded law library, or a bad-input error when it fails to load.
func lawLibrary() (*law.Library, error) {
	lib, err := loadLaw()
	if err != nil {
		return nil, badInputf("law library: %v", err)
	}
	return lib, nil
}

// lawChecker returns the checker that validates charges and findings against the law library.
// If the library fails to load, every charge is refused with the reason.
func lawChecker() model.ChargeChecker {
	lib, err := loadLaw()
	if err != nil {
		return brokenLaw{err}
	}
	return assess.NewChecker(lib)
}

type brokenLaw struct{ err error }

func (b brokenLaw) CheckCharge(*model.Charge) []model.FieldError {
	return []model.FieldError{{Field: "crime", Msg: "the law library failed to load: " + b.err.Error()}}
}

func (b brokenLaw) Elements(*model.Charge) ([]string, error) { return nil, b.err }

// synthCharges returns charges for synthetic cases and, per charge, the element ids findings may
// link to: the accused aiding and abetting the principal's aggression before the ICC (Rome
// Statute art. 25(3)(c)) and before the Special Tribunal (customary aiding and abetting).
var synthCharges = func() ([]model.Charge, [][]string, error) {
	lib, err := lawLibrary()
	if err != nil {
		return nil, nil, err
	}
	chs := []model.Charge{
		{ID: "count-1", Count: 1, Title: "Aiding and abetting aggression (ICC)", Accused: "accused", Crime: "aggression.icc", Mode: "aid-abet.icc",
			Forum: "icc", Principal: "principal", PrincipalCrime: "aggression.act.a"},
		{ID: "count-2", Count: 2, Title: "Aiding and abetting aggression (Special Tribunal, customary law)", Accused: "accused", Crime: "aggression.icc",
			Mode: "aid-abet.customary", Forum: "stca-ukraine", Principal: "principal", PrincipalCrime: "aggression.act.a"},
	}
	k := assess.NewChecker(lib)
	var els [][]string
	for i := range chs {
		if fe := k.CheckCharge(&chs[i]); len(fe) > 0 {
			return nil, nil, badInputf("synthetic charge %s: %s: %s", chs[i].ID, fe[0].Field, fe[0].Msg)
		}
		ids, err := k.Elements(&chs[i])
		if err != nil {
			return nil, nil, err
		}
		els = append(els, ids)
	}
	return chs, els, nil
}
