package media

import (
	"encoding/binary"
	"fmt"
	"io"
)

// maxMeta bounds the HEIF metadata box read whole.
const maxMeta = 16 << 20

// HEIFSize reads the picture size of a HEIF or AVIF image (the ISO base media format that
// phones use for photographs), which Go's image decoders do not know: the largest image spatial
// extents property ('ispe' in meta/iprp/ipco), the primary picture rather than a thumbnail or a
// grid tile. It returns ErrNoMetadata when the file has no such property.
func HEIFSize(r io.ReaderAt, size int64) (width, height int, err error) {
	off := int64(0)
	for n := 0; off < size && n < maxTopBoxes; n++ {
		typ, hdr, boxSize, err := readBoxHeader(r, off, size)
		if err != nil {
			return 0, 0, fmt.Errorf("heif: box at %d: %w", off, err)
		}
		if typ == "meta" {
			if boxSize-hdr > maxMeta || boxSize-hdr < 4 {
				return 0, 0, fmt.Errorf("heif: metadata box of %d bytes", boxSize-hdr)
			}
			b := make([]byte, boxSize-hdr)
			if _, err := r.ReadAt(b, off+hdr); err != nil {
				return 0, 0, fmt.Errorf("heif: read metadata box: %w", err)
			}
			width, height = largestExtent(b[4:]) // a full box: version and flags first
			if width == 0 {
				return 0, 0, ErrNoMetadata
			}
			return width, height, nil
		}
		off += boxSize
	}
	return 0, 0, ErrNoMetadata
}

// largestExtent finds the largest 'ispe' among the item properties of a HEIF meta box's body.
func largestExtent(meta []byte) (w, h int) {
	find := func(b []byte, typ string) []byte {
		bs, _ := boxes(b)
		for _, c := range bs {
			if c.typ == typ {
				return c.body
			}
		}
		return nil
	}
	ipco := find(find(meta, "iprp"), "ipco")
	props, _ := boxes(ipco)
	for _, p := range props {
		if p.typ != "ispe" || len(p.body) < 12 {
			continue
		}
		pw, ph := binary.BigEndian.Uint32(p.body[4:]), binary.BigEndian.Uint32(p.body[8:])
		if pw > 1<<20 || ph > 1<<20 { // no picture is a million pixels wide
			continue
		}
		if int(pw)*int(ph) > w*h {
			w, h = int(pw), int(ph)
		}
	}
	return w, h
}
