package assess

import (
	"encoding/binary"
	"hash/maphash"
)

// strIndex maps strings (fact ids) to int32 by open addressing. Keys of up to 16 bytes are kept
// inline in the slot, so a lookup reads one slot and not the key's bytes elsewhere in memory:
// with 100,000 facts and 1,000,000 findings the lookups dominated the full run with a Go map.
// Longer keys keep their first 16 bytes inline and are confirmed through key(v). There is no
// deletion (facts are replaced, never removed).
type strIndex struct {
	seed  maphash.Seed
	slots []strSlot
	n     int
	key   func(v int32) string // the key stored for a value (for keys longer than 16 bytes)
}

type strSlot struct {
	a, b uint64
	n    int32 // key length + 1; 0: empty
	v    int32
}

func newStrIndex(capacity int, key func(int32) string) *strIndex {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	return &strIndex{seed: maphash.MakeSeed(), slots: make([]strSlot, size), key: key}
}

func inline(s string) (a, b uint64) {
	var buf [16]byte
	copy(buf[:], s)
	return binary.LittleEndian.Uint64(buf[:8]), binary.LittleEndian.Uint64(buf[8:])
}

func (x *strIndex) find(s string) (*strSlot, bool) {
	a, b := inline(s)
	n := int32(len(s) + 1)
	mask := uint64(len(x.slots) - 1)
	for i := maphash.String(x.seed, s) & mask; ; i = (i + 1) & mask {
		sl := &x.slots[i]
		if sl.n == 0 {
			return sl, false
		}
		if sl.n == n && sl.a == a && sl.b == b && (len(s) <= 16 || x.key(sl.v) == s) {
			return sl, true
		}
	}
}

// get returns the value stored for s.
func (x *strIndex) get(s string) (int32, bool) {
	sl, ok := x.find(s)
	return sl.v, ok
}

// put stores v for s (replacing any value).
func (x *strIndex) put(s string, v int32) {
	if 2*(x.n+1) > len(x.slots) {
		old := x.slots
		x.slots = make([]strSlot, 2*len(old))
		x.n = 0
		for i := range old {
			if old[i].n != 0 {
				x.putSlot(old[i])
			}
		}
	}
	sl, ok := x.find(s)
	if !ok {
		x.n++
	}
	sl.a, sl.b = inline(s)
	sl.n, sl.v = int32(len(s)+1), v
}

func (x *strIndex) putSlot(s strSlot) {
	mask := uint64(len(x.slots) - 1)
	// rehash from the value's key: the slot holds only a prefix
	k := x.key(s.v)
	for i := maphash.String(x.seed, k) & mask; ; i = (i + 1) & mask {
		if x.slots[i].n == 0 {
			x.slots[i] = s
			x.n++
			return
		}
	}
}
