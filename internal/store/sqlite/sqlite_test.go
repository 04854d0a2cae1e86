package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"dossier/internal/store"
	"dossier/internal/store/storetest"
)

// factory opens stores in fresh temporary directories.
type factory struct{}

func (factory) Open(t *testing.T) store.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "dossier.db"))
}

func (factory) Reopen(t *testing.T, s store.Store) store.Store {
	t.Helper()
	p := s.(*Store).Path()
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return openAt(t, p)
}

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, factory{})
}
