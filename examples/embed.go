// Package examples embeds the example case bundles shipped with dossier, so that `dossier demo`
// runs the reference case end to end from the binary alone.
package examples

import "embed"

// FS holds the example bundles; the reference case is under kim-jong-un/.
//
//go:embed all:kim-jong-un
var FS embed.FS

// Reference is the directory of the reference case inside FS.
const Reference = "kim-jong-un"
