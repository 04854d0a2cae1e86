package bundle

import "dossier/internal/model"

// decodeCanonicalFile decodes a file written in Write's canonical form without the general YAML
// parser. ok is false when the file is not in that form (or the fast path is unsure), and the
// caller falls back to the YAML parser, which also produces the error messages.
func decodeCanonicalFile(dir, rel string, kind model.Kind) (recs any, n int, ok bool) {
	return nil, 0, false
}
