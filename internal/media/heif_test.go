package media

import (
	"bytes"
	"errors"
	"testing"

	mt "dossier/internal/media/mediatest"
)

func TestHEIFSize(t *testing.T) {
	b := mt.HEIF(4032, 3024)
	w, h, err := HEIFSize(bytes.NewReader(b), int64(len(b)))
	if err != nil || w != 4032 || h != 3024 {
		t.Fatalf("HEIFSize = %d×%d, %v; want 4032×3024 (the picture, not the thumbnail)", w, h, err)
	}
	for name, b := range map[string][]byte{
		"no meta":       mt.Box("ftyp", []byte("heic"), mt.U32(0)),
		"no properties": append(mt.Box("ftyp", []byte("heic")), mt.Box("meta", mt.U32(0), mt.Box("hdlr", mt.U32(0)))...),
	} {
		if _, _, err := HEIFSize(bytes.NewReader(b), int64(len(b))); !errors.Is(err, ErrNoMetadata) {
			t.Errorf("%s: %v, want ErrNoMetadata", name, err)
		}
	}
	cut := b[:40]
	if _, _, err := HEIFSize(bytes.NewReader(cut), int64(len(cut))); err == nil {
		t.Error("a file cut short: no error")
	}
}

// FuzzHEIFSize: no input makes HEIFSize panic or report a negative or absurd size.
func FuzzHEIFSize(f *testing.F) {
	f.Add(mt.HEIF(4032, 3024))
	f.Add(mt.Box("meta", mt.U32(0), mt.Box("iprp", mt.Box("ipco", mt.Box("ispe", mt.U32(0), mt.U32(1), mt.U32(1))))))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, h, err := HEIFSize(bytes.NewReader(b), int64(len(b)))
		if err == nil && (w <= 0 || h <= 0 || w > 1<<20 || h > 1<<20) {
			t.Fatalf("size %d×%d", w, h)
		}
	})
}
