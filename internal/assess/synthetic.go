package assess

import (
	"fmt"

	"dossier/internal/law"
	"dossier/internal/model"
)

// SyntheticCharges returns the counts of a synthetic case (actors "accused" and "principal", as
// package synth writes them) and, per count, the element ids findings may link to: aiding and
// abetting the principal's aggression before the ICC (Rome Statute art. 25(3)(c)) and before the
// Special Tribunal (customary aiding and abetting).
func SyntheticCharges(lib *law.Library) ([]model.Charge, [][]string, error) {
	chs := []model.Charge{
		{ID: "count-1", Count: 1, Title: "Aiding and abetting aggression (ICC)", Accused: "accused", Crime: "aggression.icc", Mode: "aid-abet.icc",
			Forum: "icc", Principal: "principal", PrincipalCrime: "aggression.act.a"},
		{ID: "count-2", Count: 2, Title: "Aiding and abetting aggression (Special Tribunal, customary law)", Accused: "accused", Crime: "aggression.icc",
			Mode: "aid-abet.customary", Forum: "stca-ukraine", Principal: "principal", PrincipalCrime: "aggression.act.a"},
	}
	k := NewChecker(lib)
	var els [][]string
	for i := range chs {
		if fe := k.CheckCharge(&chs[i]); len(fe) > 0 {
			return nil, nil, fmt.Errorf("synthetic charge %s: %s: %s", chs[i].ID, fe[0].Field, fe[0].Msg)
		}
		ids, err := k.Elements(&chs[i])
		if err != nil {
			return nil, nil, err
		}
		els = append(els, ids)
	}
	return chs, els, nil
}
