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
// link to (assess.SyntheticCharges).
var synthCharges = func() ([]model.Charge, [][]string, error) {
	lib, err := lawLibrary()
	if err != nil {
		return nil, nil, err
	}
	chs, els, err := assess.SyntheticCharges(lib)
	if err != nil {
		return nil, nil, badInput(err)
	}
	return chs, els, nil
}
