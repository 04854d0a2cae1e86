package postgres

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"dossier/internal/store/storetest"
)

func TestWebQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"artillery", `"artillery"`},
		{"artillery  shells", `"artillery" "shells"`},
		{`"artillery shells" Russia`, `"artillery shells" "Russia"`},
		{`KN-23`, `"KN-23"`},
		{`a OR -b`, `"a" "OR" "-b"`},
		{`"unclosed   phrase`, `"unclosed phrase"`},
		{`a a A`, `"a"`},
		{`* - ( ) ""`, ""},
		{"x\x00y", `"x" "y"`},
		{"\xff", ""},
		{`김정은`, `"김정은"`},
	}
	for _, tc := range tests {
		if got := WebQuery(tc.in); got != tc.want {
			t.Errorf("WebQuery(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// FuzzSearchQuery checks WebQuery's output shape and, when DOSSIER_TEST_POSTGRES is set, that
// PostgreSQL accepts it.
func FuzzSearchQuery(f *testing.F) {
	for _, q := range storetest.HostileQueries {
		f.Add(q)
	}
	var conn *pgx.Conn
	if dsn := getenv("DOSSIER_TEST_POSTGRES"); dsn != "" {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			f.Fatal(err)
		}
		conn = c
		f.Cleanup(func() { conn.Close(context.Background()) })
	}
	f.Fuzz(func(t *testing.T, q string) {
		w := WebQuery(q)
		if !utf8.ValidString(w) || strings.IndexFunc(w, unicode.IsControl) >= 0 {
			t.Fatalf("WebQuery(%q) = %q: invalid UTF-8 or control characters", q, w)
		}
		if strings.Count(w, `"`)%2 != 0 {
			t.Fatalf("WebQuery(%q) = %q: unbalanced quotes", q, w)
		}
		if conn != nil && w != "" {
			var s string
			if err := conn.QueryRow(context.Background(), `SELECT websearch_to_tsquery('simple', $1)::text`, w).Scan(&s); err != nil {
				t.Fatalf("websearch_to_tsquery(%q): %v", w, err)
			}
		}
	})
}
