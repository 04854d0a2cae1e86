package cli

import "dossier/internal/model"

// lawChecker returns the checker that validates charges and findings against the law library.
func lawChecker() model.ChargeChecker { return nil }

// synthCharges returns charges for synthetic cases and, per charge, the element ids findings may
// link to. It is set by the law wiring.
var synthCharges = func() ([]model.Charge, [][]string, error) {
	return nil, nil, errNoLaw
}

var errNoLaw = badInputf("the law library is not available in this build")
