package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"dossier/internal/audit"
)

// recordCustody appends one entry to the custody log beside the store.
func (e *env) recordCustody(ctx context.Context, action, subject string, details map[string]string, blobs ...string) error {
	p := e.custodyPath()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("custody log: %w", err)
	}
	l, err := audit.Open(ctx, p)
	if err != nil {
		return fmt.Errorf("custody log: %w", err)
	}
	defer l.Close()
	if _, err := l.Append(ctx, audit.Entry{Actor: e.who, Action: action, Subject: subject, Details: details, Blobs: blobs}); err != nil {
		return fmt.Errorf("custody log: %w", err)
	}
	return nil
}
