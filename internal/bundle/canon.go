package bundle

// The canonical-form fast path.
//
// Why this is hand-written: go.yaml.in/yaml/v3 builds a yaml.Node tree and decodes it by
// reflection at about 14 MB/s, which for a 1,000,000-source bundle (≈610 MB of YAML) is most of
// an import. Files that Write produced are in a small, regular subset of YAML: block sequences of
// block mappings indented by two spaces, plain, single-quoted, double-quoted and literal (|)
// scalars each on their own line, [] for an empty list. canonParser (canon_parse.go) reads
// exactly that subset straight into the model types, about 20 times faster (BenchmarkCanonical:
// 220-280 MB per CPU-second against yaml.v3's 10-16, with a tenth of the allocation). It gives
// up (ok=false) at the first byte it is not certain about: a tab, a carriage return, a comment
// or blank line inside the list, an anchor, alias, tag, flow collection other than [] or {},
// folded scalar, multi-line plain or quoted scalar, complex key, unusual indentation, a key it
// does not know, a key given twice, a plain scalar that YAML would resolve to null (~, null,
// empty), a number that is not a plain decimal, a date that does not parse.
// The caller then reads the file with yaml.v3, which also produces the file:line error messages.
//
// Equivalence is the contract: when ok is true, recs is reflect.DeepEqual to what parseBytes and
// decodeList produce for the same bytes, with no problems. It is enforced by differential tests
// over synthetic and reference bundles and hand-written tricky records (canon_test.go) and by
// FuzzCanonical, which also asserts that the fast path never accepts a file yaml.v3 rejects.

import (
	"os"
	"path/filepath"

	"dossier/internal/model"
)

// decodeCanonicalFile decodes a file written in Write's canonical form without the general YAML
// parser. ok is false when the file is not in that form (or the fast path is unsure), and the
// caller falls back to the YAML parser, which also produces the error messages.
func decodeCanonicalFile(dir, rel string, kind model.Kind) (recs any, n int, ok bool) {
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		return nil, 0, false // the general path reports it
	}
	return decodeCanonical(data, kind)
}

// decodeCanonical decodes the bytes of one list file of a kind; see decodeCanonicalFile.
func decodeCanonical(data []byte, kind model.Kind) (recs any, n int, ok bool) {
	p, ok := newCanonParser(data)
	if !ok {
		return nil, 0, false
	}
	switch kind {
	case model.KindActor:
		return canonList(p, (*canonParser).actor)
	case model.KindSource:
		return canonList(p, (*canonParser).source)
	case model.KindCapture:
		return canonList(p, (*canonParser).capture)
	case model.KindFact:
		return canonList(p, (*canonParser).fact)
	case model.KindCharge:
		return canonList(p, (*canonParser).charge)
	case model.KindFinding:
		return canonList(p, (*canonParser).finding)
	}
	return nil, 0, false
}
