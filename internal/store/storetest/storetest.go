// Package storetest is the conformance suite for store.Store: what "a backend" means. Every
// backend's tests call Run with a Factory that opens fresh, empty stores; the suite checks every
// method and every guarantee documented in package store (revisions, no-op writes, optimistic
// concurrency, immutable captures, tombstones with reasons, history, ordering, case isolation,
// atomic imports, full-text search with hostile queries, concurrent writers, cancellation and
// durability across a reopen).
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/internal/model"
	"dossier/internal/store"
)

// Factory opens stores for the suite.
type Factory interface {
	// Open returns a new, empty store at a fresh location. The suite closes it (Close may be
	// called more than once; the second call's error is ignored).
	Open(t *testing.T) store.Store
	// Reopen closes s and opens the same location again.
	Reopen(t *testing.T, s store.Store) store.Store
}

// Funcs adapts two functions to a Factory.
type Funcs struct {
	OpenFunc   func(t *testing.T) store.Store
	ReopenFunc func(t *testing.T, s store.Store) store.Store
}

// Open implements Factory.
func (f Funcs) Open(t *testing.T) store.Store { return f.OpenFunc(t) }

// Reopen implements Factory.
func (f Funcs) Reopen(t *testing.T, s store.Store) store.Store { return f.ReopenFunc(t, s) }

// Run runs the whole suite against stores from f.
func Run(t *testing.T, f Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, f Factory)
	}{
		{"CreateGet", testCreateGet},
		{"InvalidRecords", testInvalidRecords},
		{"UpdateAndNoOp", testUpdateAndNoOp},
		{"OptimisticConcurrency", testConflict},
		{"CapturesImmutable", testImmutable},
		{"Tombstone", testTombstone},
		{"History", testHistory},
		{"ListOrder", testListOrder},
		{"CaseIsolation", testCaseIsolation},
		{"Cases", testCases},
		{"ImportStats", testImportStats},
		{"ImportAtomicIterError", testImportIterError},
		{"ImportAtomicRecordError", testImportRecordError},
		{"ImportReplace", testImportReplace},
		{"ImportThenSearch", testImportThenSearch},
		{"SearchKinds", testSearchKinds},
		{"Search", testSearch},
		{"SearchHostileQueries", testSearchHostile},
		{"Concurrency", testConcurrency},
		{"ContextCancelled", testContext},
		{"Reopen", testReopen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, f) })
	}
}

// --- helpers ---

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func open(t *testing.T, f Factory) store.Store {
	t.Helper()
	s := f.Open(t)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func day(n int64) *int64 { return &n }

func rec(kind model.Kind, id, data, text string) store.Record {
	return store.Record{Kind: kind, ID: id, Data: json.RawMessage(data), Text: text}
}

func ch(who string, minute int) store.Change {
	return store.Change{Who: who, At: t0.Add(time.Duration(minute) * time.Minute)}
}

func put(t *testing.T, s store.Store, caseID string, r store.Record, c store.Change) int {
	t.Helper()
	rev, err := s.Put(context.Background(), caseID, r, c)
	if err != nil {
		t.Fatalf("Put(%s, %s/%s): %v", caseID, r.Kind, r.ID, err)
	}
	return rev
}

func get(t *testing.T, s store.Store, caseID string, kind model.Kind, id string) store.Record {
	t.Helper()
	r, err := s.Get(context.Background(), caseID, kind, id)
	if err != nil {
		t.Fatalf("Get(%s, %s/%s): %v", caseID, kind, id, err)
	}
	return r
}

// jsonEqual compares two JSON texts by meaning (a backend may normalise whitespace and key order).
func jsonEqual(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("stored data is not JSON: %q: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("expected data is not JSON: %q: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

func ids(recs []store.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func hitIDs(hits []store.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = string(h.Kind) + "/" + h.ID
	}
	return out
}

func seq(recs ...store.Record) iter.Seq2[store.Record, error] {
	return func(yield func(store.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// snapshot captures everything observable about a case, to prove that a failed import changed nothing.
type snapshot struct {
	Cases   []string
	Records map[model.Kind][]store.Record
	History map[string][]store.Version
}

func snap(t *testing.T, s store.Store, caseID string) snapshot {
	t.Helper()
	ctx := context.Background()
	cs, err := s.Cases(ctx)
	if err != nil {
		t.Fatalf("Cases: %v", err)
	}
	sn := snapshot{Cases: cs, Records: map[model.Kind][]store.Record{}, History: map[string][]store.Version{}}
	for _, k := range model.Kinds {
		rs, err := s.List(ctx, caseID, k, store.ListOptions{Deleted: true})
		if err != nil {
			t.Fatalf("List %s: %v", k, err)
		}
		for i := range rs {
			rs[i].Data = normJSON(t, rs[i].Data)
			h, err := s.History(ctx, caseID, k, rs[i].ID)
			if err != nil {
				t.Fatalf("History %s/%s: %v", k, rs[i].ID, err)
			}
			for j := range h {
				h[j].Data = normJSON(t, h[j].Data)
			}
			sn.History[string(k)+"/"+rs[i].ID] = h
		}
		if len(rs) > 0 {
			sn.Records[k] = rs
		}
	}
	return sn
}

func normJSON(t *testing.T, b json.RawMessage) json.RawMessage {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("stored data is not JSON: %q: %v", b, err)
	}
	out, _ := json.Marshal(v)
	return out
}

func sameSnap(t *testing.T, what string, a, b snapshot) {
	t.Helper()
	if !reflect.DeepEqual(a, b) {
		t.Errorf("%s changed the store:\nbefore %+v\nafter  %+v", what, a, b)
	}
}

// --- tests ---

func testCreateGet(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	if _, err := s.Get(ctx, "c1", model.KindActor, "kim"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of absent record: got %v, want ErrNotFound", err)
	}
	r := rec(model.KindActor, "kim", `{"id":"kim","name":"Kim Jong Un","n":1.5,"list":[1,2],"u":"김정은"}`, "Kim Jong Un 김정은")
	r.SortLo, r.SortHi = day(4390), day(5118)
	c := ch("alice", 0)
	if rev := put(t, s, "c1", r, c); rev != 1 {
		t.Fatalf("first Put: rev %d, want 1", rev)
	}
	got := get(t, s, "c1", model.KindActor, "kim")
	if got.Kind != model.KindActor || got.ID != "kim" || got.Rev != 1 || got.Deleted {
		t.Errorf("Get: %+v", got)
	}
	if !jsonEqual(t, got.Data, r.Data) {
		t.Errorf("Get data %s, want %s", got.Data, r.Data)
	}
	if got.SortLo == nil || *got.SortLo != 4390 || got.SortHi == nil || *got.SortHi != 5118 {
		t.Errorf("Get sort bounds %v %v, want 4390 5118", got.SortLo, got.SortHi)
	}
	if got.Text != r.Text {
		t.Errorf("Get text %q, want %q", got.Text, r.Text)
	}
	if got.Who != "alice" || !got.At.Equal(c.At) {
		t.Errorf("Get who/at %q %v, want alice %v", got.Who, got.At, c.At)
	}
	// Nil bounds stay nil; a zero Change.At means now.
	before := time.Now().Add(-time.Second)
	put(t, s, "c1", rec(model.KindSource, "s1", `{"id":"s1"}`, ""), store.Change{Who: "bob"})
	g2 := get(t, s, "c1", model.KindSource, "s1")
	if g2.SortLo != nil || g2.SortHi != nil {
		t.Errorf("nil bounds came back as %v %v", g2.SortLo, g2.SortHi)
	}
	if g2.At.Before(before) || g2.At.After(time.Now().Add(time.Second)) {
		t.Errorf("zero Change.At stored as %v, want about now", g2.At)
	}
	// Same id, other kind: a different record.
	if _, err := s.Get(ctx, "c1", model.KindSource, "kim"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get of same id in another kind: got %v, want ErrNotFound", err)
	}
}

func testInvalidRecords(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	bad := []store.Record{
		rec("", "x", `{}`, ""),
		rec(model.KindActor, "", `{}`, ""),
		rec(model.KindActor, "x", `{"broken":`, ""),
		rec(model.KindActor, "x", ``, ""),
	}
	for _, r := range bad {
		if _, err := s.Put(ctx, "c1", r, ch("a", 0)); err == nil {
			t.Errorf("Put(%q/%q data %q) succeeded, want an error", r.Kind, r.ID, r.Data)
		}
	}
	if _, err := s.Put(ctx, "", rec(model.KindActor, "x", `{}`, ""), ch("a", 0)); err == nil {
		t.Errorf("Put with empty case id succeeded")
	}
	cs, err := s.Cases(ctx)
	if err != nil || len(cs) != 0 {
		t.Errorf("after refused Puts: Cases %v %v, want none", cs, err)
	}
}

func testUpdateAndNoOp(t *testing.T, f Factory) {
	s := open(t, f)
	put(t, s, "c1", rec(model.KindFact, "f1", `{"v":1}`, "one"), ch("a", 0))
	if rev := put(t, s, "c1", rec(model.KindFact, "f1", `{"v":2}`, "two"), ch("b", 1)); rev != 2 {
		t.Fatalf("update: rev %d, want 2", rev)
	}
	g := get(t, s, "c1", model.KindFact, "f1")
	if g.Rev != 2 || !jsonEqual(t, g.Data, json.RawMessage(`{"v":2}`)) || g.Text != "two" || g.Who != "b" {
		t.Errorf("after update: %+v", g)
	}
	// Identical data: no-op, current revision, no new version, who/at unchanged.
	if rev := put(t, s, "c1", rec(model.KindFact, "f1", `{"v":2}`, "two"), ch("c", 2)); rev != 2 {
		t.Errorf("identical Put: rev %d, want 2", rev)
	}
	g = get(t, s, "c1", model.KindFact, "f1")
	if g.Rev != 2 || g.Who != "b" || !g.At.Equal(t0.Add(time.Minute)) {
		t.Errorf("identical Put changed the record: %+v", g)
	}
	h, err := s.History(context.Background(), "c1", model.KindFact, "f1")
	if err != nil || len(h) != 2 {
		t.Fatalf("History after no-op: %d versions, %v; want 2", len(h), err)
	}
	// Identical data with the current Rev is also a no-op.
	r := rec(model.KindFact, "f1", `{"v":2}`, "two")
	r.Rev = 2
	if rev := put(t, s, "c1", r, ch("c", 3)); rev != 2 {
		t.Errorf("identical Put with Rev: rev %d, want 2", rev)
	}
	if rev := put(t, s, "c1", rec(model.KindFact, "f1", `{"v":3}`, "three"), ch("c", 4)); rev != 3 {
		t.Errorf("second update: rev %d, want 3", rev)
	}
}

func testConflict(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	put(t, s, "c1", rec(model.KindFact, "f1", `{"v":1}`, ""), ch("a", 0))
	// Two editors read rev 1; the first write wins, the second conflicts.
	r := rec(model.KindFact, "f1", `{"v":"alice"}`, "")
	r.Rev = 1
	if rev := put(t, s, "c1", r, ch("alice", 1)); rev != 2 {
		t.Fatalf("Put with current Rev: rev %d, want 2", rev)
	}
	r2 := rec(model.KindFact, "f1", `{"v":"bob"}`, "")
	r2.Rev = 1
	if _, err := s.Put(ctx, "c1", r2, ch("bob", 2)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("Put with stale Rev: got %v, want ErrConflict", err)
	}
	g := get(t, s, "c1", model.KindFact, "f1")
	if g.Rev != 2 || !jsonEqual(t, g.Data, json.RawMessage(`{"v":"alice"}`)) {
		t.Errorf("conflicting Put changed the record: %+v", g)
	}
	// A Rev for a record that does not exist is a conflict too.
	r3 := rec(model.KindFact, "nope", `{}`, "")
	r3.Rev = 4
	if _, err := s.Put(ctx, "c1", r3, ch("bob", 3)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Put with Rev of absent record: got %v, want ErrConflict", err)
	}
	if _, err := s.Get(ctx, "c1", model.KindFact, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("conflicting create wrote a record: %v", err)
	}
	// A Rev ahead of the stored one is a conflict.
	r4 := rec(model.KindFact, "f1", `{"v":"carol"}`, "")
	r4.Rev = 3
	if _, err := s.Put(ctx, "c1", r4, ch("carol", 4)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Put with future Rev: got %v, want ErrConflict", err)
	}
}

func testImmutable(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	c := `{"id":"cap1","sha256":"aa"}`
	put(t, s, "c1", rec(model.KindCapture, "cap1", c, ""), ch("a", 0))
	if _, err := s.Put(ctx, "c1", rec(model.KindCapture, "cap1", `{"id":"cap1","sha256":"bb"}`, ""), ch("a", 1)); !errors.Is(err, store.ErrImmutable) {
		t.Fatalf("changing a capture: got %v, want ErrImmutable", err)
	}
	if rev := put(t, s, "c1", rec(model.KindCapture, "cap1", c, ""), ch("a", 2)); rev != 1 {
		t.Errorf("identical capture Put: rev %d, want 1", rev)
	}
	g := get(t, s, "c1", model.KindCapture, "cap1")
	if !jsonEqual(t, g.Data, json.RawMessage(c)) || g.Rev != 1 {
		t.Errorf("capture changed: %+v", g)
	}
	// Import cannot change it either, and the import then writes nothing.
	_, err := s.Import(ctx, "c1", seq(
		rec(model.KindActor, "new", `{}`, ""),
		rec(model.KindCapture, "cap1", `{"id":"cap1","sha256":"cc"}`, ""),
	), ch("a", 3), store.ImportOptions{})
	if !errors.Is(err, store.ErrImmutable) {
		t.Errorf("Import changing a capture: got %v, want ErrImmutable", err)
	}
	if _, err := s.Get(ctx, "c1", model.KindActor, "new"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("refused import wrote a record: %v", err)
	}
	// A tombstoned capture stays immutable: reviving it with other data is refused.
	if err := s.Tombstone(ctx, "c1", model.KindCapture, "cap1", store.Change{Who: "a", Why: "wrong file"}); err != nil {
		t.Fatalf("Tombstone capture: %v", err)
	}
	if _, err := s.Put(ctx, "c1", rec(model.KindCapture, "cap1", `{"id":"cap1","sha256":"dd"}`, ""), ch("a", 4)); !errors.Is(err, store.ErrImmutable) {
		t.Errorf("reviving a capture with other data: got %v, want ErrImmutable", err)
	}
	// Other kinds are mutable.
	put(t, s, "c1", rec(model.KindSource, "s", `{"v":1}`, ""), ch("a", 5))
	put(t, s, "c1", rec(model.KindSource, "s", `{"v":2}`, ""), ch("a", 6))
}

func testTombstone(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	put(t, s, "c1", rec(model.KindFact, "f1", `{"v":1}`, "artillery shells"), ch("a", 0))
	put(t, s, "c1", rec(model.KindFact, "f2", `{"v":2}`, "artillery rockets"), ch("a", 0))
	if err := s.Tombstone(ctx, "c1", model.KindFact, "f1", store.Change{Who: "b"}); !errors.Is(err, store.ErrNoReason) {
		t.Fatalf("Tombstone without why: got %v, want ErrNoReason", err)
	}
	if err := s.Tombstone(ctx, "c1", model.KindFact, "absent", store.Change{Who: "b", Why: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Tombstone of absent record: got %v, want ErrNotFound", err)
	}
	get(t, s, "c1", model.KindFact, "f1") // still there after the refused tombstone
	del := store.Change{Who: "b", Why: "duplicate of f2", At: t0.Add(10 * time.Minute)}
	if err := s.Tombstone(ctx, "c1", model.KindFact, "f1", del); err != nil {
		t.Fatalf("Tombstone: %v", err)
	}
	if _, err := s.Get(ctx, "c1", model.KindFact, "f1"); !errors.Is(err, store.ErrDeleted) {
		t.Errorf("Get of tombstoned record: got %v, want ErrDeleted", err)
	}
	if err := s.Tombstone(ctx, "c1", model.KindFact, "f1", del); !errors.Is(err, store.ErrDeleted) {
		t.Errorf("second Tombstone: got %v, want ErrDeleted", err)
	}
	l, err := s.List(ctx, "c1", model.KindFact, store.ListOptions{})
	if err != nil || !slices.Equal(ids(l), []string{"f2"}) {
		t.Errorf("List without deleted: %v %v, want [f2]", ids(l), err)
	}
	l, err = s.List(ctx, "c1", model.KindFact, store.ListOptions{Deleted: true})
	if err != nil || !slices.Equal(ids(l), []string{"f1", "f2"}) {
		t.Fatalf("List with deleted: %v %v, want [f1 f2]", ids(l), err)
	}
	if !l[0].Deleted || l[0].Rev != 2 || l[1].Deleted {
		t.Errorf("List with deleted: flags %v rev %d / %v", l[0].Deleted, l[0].Rev, l[1].Deleted)
	}
	if !jsonEqual(t, l[0].Data, json.RawMessage(`{"v":1}`)) {
		t.Errorf("tombstoned record lost its data: %s", l[0].Data)
	}
	hits, err := s.Search(ctx, "c1", "artillery", 10)
	if err != nil || !slices.Equal(hitIDs(hits), []string{"fact/f2"}) {
		t.Errorf("Search after tombstone: %v %v, want [fact/f2]", hitIDs(hits), err)
	}
	h, err := s.History(ctx, "c1", model.KindFact, "f1")
	if err != nil || len(h) != 2 {
		t.Fatalf("History: %+v %v", h, err)
	}
	if h[1].Op != "tombstone" || h[1].Who != "b" || h[1].Why != "duplicate of f2" || !h[1].At.Equal(del.At) || h[1].Rev != 2 {
		t.Errorf("tombstone version: %+v", h[1])
	}
	// Put revives as a new version, even with the same data.
	if rev := put(t, s, "c1", rec(model.KindFact, "f1", `{"v":1}`, "artillery shells"), ch("c", 20)); rev != 3 {
		t.Errorf("revive: rev %d, want 3", rev)
	}
	g := get(t, s, "c1", model.KindFact, "f1")
	if g.Deleted || g.Rev != 3 || g.Who != "c" {
		t.Errorf("revived: %+v", g)
	}
	hits, err = s.Search(ctx, "c1", "shells", 10)
	if err != nil || !slices.Equal(hitIDs(hits), []string{"fact/f1"}) {
		t.Errorf("Search after revive: %v %v, want [fact/f1]", hitIDs(hits), err)
	}
	h, _ = s.History(ctx, "c1", model.KindFact, "f1")
	if len(h) != 3 || h[2].Op != "update" || h[1].Op != "tombstone" || h[1].Why != "duplicate of f2" {
		t.Errorf("History after revive: %+v", h)
	}
	// Tombstone with a stale/absent kind.
	if err := s.Tombstone(ctx, "c2", model.KindFact, "f1", del); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Tombstone in other case: got %v, want ErrNotFound", err)
	}
}

func testHistory(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	if _, err := s.History(ctx, "c1", model.KindFact, "f1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("History of absent record: got %v, want ErrNotFound", err)
	}
	datas := []string{`{"v":1}`, `{"v":2}`, `{"v":3}`}
	for i, d := range datas {
		put(t, s, "c1", rec(model.KindFact, "f1", d, ""), ch(fmt.Sprintf("w%d", i), i))
	}
	if err := s.Tombstone(ctx, "c1", model.KindFact, "f1", store.Change{Who: "w3", Why: "retracted", At: t0.Add(3 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	put(t, s, "c1", rec(model.KindFact, "f1", `{"v":4}`, ""), ch("w4", 4))
	h, err := s.History(ctx, "c1", model.KindFact, "f1")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		op, who, why, data string
	}{
		{"create", "w0", "", `{"v":1}`},
		{"update", "w1", "", `{"v":2}`},
		{"update", "w2", "", `{"v":3}`},
		{"tombstone", "w3", "retracted", `{"v":3}`},
		{"update", "w4", "", `{"v":4}`},
	}
	if len(h) != len(want) {
		t.Fatalf("History: %d versions, want %d: %+v", len(h), len(want), h)
	}
	for i, w := range want {
		v := h[i]
		if v.Rev != i+1 || v.Op != w.op || v.Who != w.who || v.Why != w.why || !v.At.Equal(t0.Add(time.Duration(i)*time.Minute)) || !jsonEqual(t, v.Data, json.RawMessage(w.data)) {
			t.Errorf("version %d: %+v, want rev %d %+v", i, v, i+1, w)
		}
	}
	// Put's Why is kept with the version.
	put(t, s, "c1", rec(model.KindFact, "f1", `{"v":5}`, ""), store.Change{Who: "w5", Why: "corrected date"})
	h, _ = s.History(ctx, "c1", model.KindFact, "f1")
	if len(h) != 6 || h[5].Why != "corrected date" {
		t.Errorf("Why of an update not kept: %+v", h[len(h)-1])
	}
}

func testListOrder(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	type r struct {
		id     string
		lo, hi *int64
	}
	rs := []r{
		{"e", day(100), day(200)},
		{"a", day(100), day(150)},
		{"d", nil, nil},
		{"b", day(50), day(400)},
		{"c", day(100), day(150)},
		{"f", day(-30), day(-10)},
		{"g", nil, day(5)},
	}
	for _, x := range rs {
		rr := rec(model.KindFact, x.id, `{}`, "")
		rr.SortLo, rr.SortHi = x.lo, x.hi
		put(t, s, "c1", rr, ch("a", 0))
	}
	put(t, s, "c1", rec(model.KindActor, "zz", `{}`, ""), ch("a", 0))
	l, err := s.List(ctx, "c1", model.KindFact, store.ListOptions{})
	if err != nil || !slices.Equal(ids(l), []string{"a", "b", "c", "d", "e", "f", "g"}) {
		t.Errorf("List by id: %v %v", ids(l), err)
	}
	l, err = s.List(ctx, "c1", model.KindFact, store.ListOptions{ByDate: true})
	// nil SortLo first (by SortHi with nil first, then id), then SortLo, SortHi, id.
	want := []string{"d", "g", "f", "b", "a", "c", "e"}
	if err != nil || !slices.Equal(ids(l), want) {
		t.Errorf("List by date: %v %v, want %v", ids(l), err, want)
	}
	l, err = s.List(ctx, "c1", model.KindFact, store.ListOptions{ByDate: true, Limit: 3})
	if err != nil || !slices.Equal(ids(l), want[:3]) {
		t.Errorf("List by date, limit 3: %v %v, want %v", ids(l), err, want[:3])
	}
	l, err = s.List(ctx, "c1", model.KindFact, store.ListOptions{Limit: 2})
	if err != nil || !slices.Equal(ids(l), []string{"a", "b"}) {
		t.Errorf("List limit 2: %v %v", ids(l), err)
	}
	l, err = s.List(ctx, "c1", model.KindDraft, store.ListOptions{})
	if err != nil || len(l) != 0 {
		t.Errorf("List of empty kind: %v %v", ids(l), err)
	}
	l, err = s.List(ctx, "nocase", model.KindFact, store.ListOptions{})
	if err != nil || len(l) != 0 {
		t.Errorf("List of absent case: %v %v", ids(l), err)
	}
	// Listed records carry everything Get does.
	l, _ = s.List(ctx, "c1", model.KindFact, store.ListOptions{})
	g := get(t, s, "c1", model.KindFact, "a")
	l[0].Data, g.Data = normJSON(t, l[0].Data), normJSON(t, g.Data)
	if !reflect.DeepEqual(l[0], g) {
		t.Errorf("List record %+v differs from Get %+v", l[0], g)
	}
}

func testCaseIsolation(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	put(t, s, "c1", rec(model.KindActor, "x", `{"c":1}`, "alpha"), ch("a", 0))
	put(t, s, "c2", rec(model.KindActor, "x", `{"c":2}`, "alpha beta"), ch("a", 0))
	put(t, s, "c2", rec(model.KindActor, "x", `{"c":22}`, "alpha beta"), ch("a", 1))
	g1, g2 := get(t, s, "c1", model.KindActor, "x"), get(t, s, "c2", model.KindActor, "x")
	if g1.Rev != 1 || !jsonEqual(t, g1.Data, json.RawMessage(`{"c":1}`)) || g2.Rev != 2 {
		t.Errorf("case isolation: %+v %+v", g1, g2)
	}
	if err := s.Tombstone(ctx, "c1", model.KindActor, "x", store.Change{Who: "a", Why: "test"}); err != nil {
		t.Fatal(err)
	}
	get(t, s, "c2", model.KindActor, "x")
	hits, err := s.Search(ctx, "c1", "beta", 10)
	if err != nil || len(hits) != 0 {
		t.Errorf("Search leaked across cases: %v %v", hitIDs(hits), err)
	}
	hits, err = s.Search(ctx, "c2", "alpha", 10)
	if err != nil || !slices.Equal(hitIDs(hits), []string{"actor/x"}) {
		t.Errorf("Search in c2: %v %v", hitIDs(hits), err)
	}
	h, _ := s.History(ctx, "c2", model.KindActor, "x")
	if len(h) != 2 {
		t.Errorf("History of c2/x: %d versions, want 2", len(h))
	}
	// Import with Replace in one case leaves the other alone.
	if _, err := s.Import(ctx, "c1", seq(rec(model.KindActor, "y", `{}`, "")), store.Change{Who: "a", Why: "reload"}, store.ImportOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	get(t, s, "c2", model.KindActor, "x")
}

func testCases(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	cs, err := s.Cases(ctx)
	if err != nil || len(cs) != 0 {
		t.Fatalf("Cases of empty store: %v %v", cs, err)
	}
	put(t, s, "kim", rec(model.KindCase, "kim", `{}`, ""), ch("a", 0))
	put(t, s, "abc", rec(model.KindActor, "x", `{}`, ""), ch("a", 0))
	if _, err := s.Import(ctx, "imp", seq(rec(model.KindActor, "x", `{}`, "")), ch("a", 0), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	put(t, s, "kim", rec(model.KindActor, "y", `{}`, ""), ch("a", 0))
	if err := s.Tombstone(ctx, "abc", model.KindActor, "x", store.Change{Who: "a", Why: "gone"}); err != nil {
		t.Fatal(err)
	}
	cs, err = s.Cases(ctx)
	if err != nil || !slices.Equal(cs, []string{"abc", "imp", "kim"}) {
		t.Errorf("Cases: %v %v, want [abc imp kim] (sorted; a case with only tombstones is still a case)", cs, err)
	}
}

func testImportStats(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	var progress []int
	opt := store.ImportOptions{Progress: func(n int) { progress = append(progress, n) }}
	st, err := s.Import(ctx, "c1", seq(
		rec(model.KindActor, "a1", `{"v":1}`, "one"),
		rec(model.KindActor, "a2", `{"v":1}`, "two"),
		rec(model.KindSource, "a1", `{"v":1}`, "three"),
	), ch("imp", 0), opt)
	if err != nil {
		t.Fatal(err)
	}
	if st != (store.ImportStats{Created: 3}) {
		t.Errorf("first import stats %+v, want 3 created", st)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 3 {
		t.Errorf("progress calls %v, want the last to be 3", progress)
	}
	g := get(t, s, "c1", model.KindActor, "a1")
	if g.Rev != 1 || g.Who != "imp" || !g.At.Equal(t0) || g.Text != "one" {
		t.Errorf("imported record: %+v", g)
	}
	if err := s.Tombstone(ctx, "c1", model.KindActor, "a2", store.Change{Who: "x", Why: "test"}); err != nil {
		t.Fatal(err)
	}
	st, err = s.Import(ctx, "c1", seq(
		rec(model.KindActor, "a1", `{"v":1}`, "one"),     // unchanged
		rec(model.KindActor, "a2", `{"v":1}`, "two"),     // revived: updated
		rec(model.KindSource, "a1", `{"v":2}`, "three"),  // updated
		rec(model.KindFact, "f1", `{"v":1}`, "new fact"), // created
	), ch("imp2", 1), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st != (store.ImportStats{Created: 1, Updated: 2, Unchanged: 1}) {
		t.Errorf("second import stats %+v, want 1 created 2 updated 1 unchanged", st)
	}
	if g := get(t, s, "c1", model.KindActor, "a1"); g.Rev != 1 || g.Who != "imp" {
		t.Errorf("unchanged record was rewritten: %+v", g)
	}
	if g := get(t, s, "c1", model.KindActor, "a2"); g.Rev != 3 || g.Who != "imp2" {
		t.Errorf("revived record: %+v", g)
	}
	if g := get(t, s, "c1", model.KindSource, "a1"); g.Rev != 2 || !jsonEqual(t, g.Data, json.RawMessage(`{"v":2}`)) {
		t.Errorf("updated record: %+v", g)
	}
	h, _ := s.History(ctx, "c1", model.KindSource, "a1")
	if len(h) != 2 || h[0].Who != "imp" || h[1].Who != "imp2" || h[1].Op != "update" {
		t.Errorf("history of imported record: %+v", h)
	}
	// An empty import is fine and changes nothing.
	st, err = s.Import(ctx, "c1", seq(), ch("imp3", 2), store.ImportOptions{})
	if err != nil || st != (store.ImportStats{}) {
		t.Errorf("empty import: %+v %v", st, err)
	}
	// A non-zero Rev in an import is checked like Put's.
	stale := rec(model.KindSource, "a1", `{"v":3}`, "")
	stale.Rev = 1
	if _, err := s.Import(ctx, "c1", seq(stale), ch("imp4", 3), store.ImportOptions{}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("import with stale Rev: got %v, want ErrConflict", err)
	}
}

func testImportIterError(t *testing.T, f Factory) {
	for _, prefilled := range []bool{false, true} {
		t.Run(fmt.Sprintf("prefilled=%v", prefilled), func(t *testing.T) {
			s := open(t, f)
			ctx := context.Background()
			if prefilled {
				put(t, s, "c1", rec(model.KindActor, "a0", `{"v":0}`, "zero"), ch("a", 0))
				put(t, s, "c1", rec(model.KindActor, "a1", `{"v":0}`, "one"), ch("a", 0))
			}
			before := snap(t, s, "c1")
			boom := errors.New("bundle file sources.yaml:12: broken")
			it := func(yield func(store.Record, error) bool) {
				for i := range 50 {
					if !yield(rec(model.KindActor, fmt.Sprintf("a%d", i), `{"v":1}`, "x"), nil) {
						return
					}
				}
				yield(store.Record{}, boom)
			}
			_, err := s.Import(ctx, "c1", it, store.Change{Who: "a", Why: "reload"}, store.ImportOptions{Replace: true})
			if !errors.Is(err, boom) {
				t.Fatalf("Import with failing iterator: got %v, want the iterator's error", err)
			}
			sameSnap(t, "failed import", before, snap(t, s, "c1"))
			hits, err := s.Search(ctx, "c1", "x", 10)
			if err != nil || len(hits) != 0 {
				t.Errorf("failed import left search hits: %v %v", hitIDs(hits), err)
			}
			// The store still works after the rollback.
			if _, err := s.Import(ctx, "c1", seq(rec(model.KindActor, "ok", `{}`, "fine")), ch("a", 1), store.ImportOptions{}); err != nil {
				t.Fatalf("import after failed import: %v", err)
			}
			if hits, _ := s.Search(ctx, "c1", "fine", 10); len(hits) != 1 {
				t.Errorf("search after recovery: %v", hitIDs(hits))
			}
		})
	}
}

func testImportRecordError(t *testing.T, f Factory) {
	cases := []struct {
		name string
		bad  store.Record
	}{
		{"invalid JSON", rec(model.KindActor, "bad", `{"x":`, "")},
		{"empty id", rec(model.KindActor, "", `{}`, "")},
		{"empty kind", rec("", "x", `{}`, "")},
		{"duplicate", rec(model.KindActor, "a3", `{"v":9}`, "")},
	}
	for _, tc := range cases {
		for _, prefilled := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/prefilled=%v", tc.name, prefilled), func(t *testing.T) {
				s := open(t, f)
				ctx := context.Background()
				if prefilled {
					put(t, s, "c1", rec(model.KindActor, "a0", `{"v":0}`, "zero"), ch("a", 0))
				}
				before := snap(t, s, "c1")
				var recs []store.Record
				for i := range 20 {
					recs = append(recs, rec(model.KindActor, fmt.Sprintf("a%d", i), `{"v":1}`, "word"))
				}
				recs = slices.Insert(recs, 10, tc.bad)
				_, err := s.Import(ctx, "c1", seq(recs...), ch("a", 1), store.ImportOptions{})
				if err == nil {
					t.Fatalf("Import with %s succeeded", tc.name)
				}
				sameSnap(t, "failed import", before, snap(t, s, "c1"))
			})
		}
	}
}

func testImportReplace(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	put(t, s, "c1", rec(model.KindActor, "keep", `{"v":1}`, ""), ch("a", 0))
	put(t, s, "c1", rec(model.KindActor, "drop", `{"v":1}`, "dropped"), ch("a", 0))
	put(t, s, "c1", rec(model.KindFact, "drop", `{"v":1}`, ""), ch("a", 0))
	put(t, s, "c1", rec(model.KindFact, "gone", `{"v":1}`, ""), ch("a", 0))
	if err := s.Tombstone(ctx, "c1", model.KindFact, "gone", store.Change{Who: "a", Why: "earlier", At: t0}); err != nil {
		t.Fatal(err)
	}
	recs := seq(rec(model.KindActor, "keep", `{"v":1}`, ""), rec(model.KindSource, "new", `{}`, ""))
	// Replacing needs a reason when something is to be tombstoned.
	before := snap(t, s, "c1")
	if _, err := s.Import(ctx, "c1", recs, store.Change{Who: "b"}, store.ImportOptions{Replace: true}); !errors.Is(err, store.ErrNoReason) {
		t.Fatalf("Replace without why: got %v, want ErrNoReason", err)
	}
	sameSnap(t, "refused replace", before, snap(t, s, "c1"))
	c := store.Change{Who: "b", Why: "bundle reloaded", At: t0.Add(time.Hour)}
	st, err := s.Import(ctx, "c1", recs, c, store.ImportOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if st != (store.ImportStats{Created: 1, Unchanged: 1, Tombstoned: 2}) {
		t.Errorf("replace stats %+v, want 1 created 1 unchanged 2 tombstoned", st)
	}
	for _, k := range []model.Kind{model.KindActor, model.KindFact} {
		if _, err := s.Get(ctx, "c1", k, "drop"); !errors.Is(err, store.ErrDeleted) {
			t.Errorf("%s/drop after replace: %v, want ErrDeleted", k, err)
		}
		h, _ := s.History(ctx, "c1", k, "drop")
		if len(h) != 2 || h[1].Op != "tombstone" || h[1].Why != "bundle reloaded" || h[1].Who != "b" || !h[1].At.Equal(c.At) {
			t.Errorf("%s/drop history: %+v", k, h)
		}
	}
	h, _ := s.History(ctx, "c1", model.KindFact, "gone")
	if len(h) != 2 || h[1].Why != "earlier" {
		t.Errorf("already tombstoned record was tombstoned again: %+v", h)
	}
	if hits, _ := s.Search(ctx, "c1", "dropped", 10); len(hits) != 0 {
		t.Errorf("replaced record still found: %v", hitIDs(hits))
	}
	get(t, s, "c1", model.KindActor, "keep")
	get(t, s, "c1", model.KindSource, "new")
	// A second identical replace does nothing and needs no reason.
	st, err = s.Import(ctx, "c1", recs, store.Change{Who: "b"}, store.ImportOptions{Replace: true})
	if err != nil || st != (store.ImportStats{Unchanged: 2}) {
		t.Errorf("idempotent replace: %+v %v", st, err)
	}
}

// testSearchKinds: a search limited to some kinds finds only records of those kinds, the limit
// counts only them (a better-ranked record of another kind does not take a place), and no kind
// means every kind.
func testSearchKinds(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	var recs []store.Record
	for i := range 30 { // sources that mention the word many times: they rank first
		recs = append(recs, rec(model.KindSource, fmt.Sprintf("s%02d", i), `{}`, "Kursk Kursk Kursk Kursk rail"))
	}
	recs = append(recs,
		rec(model.KindFact, "f1", `{}`, "troops in Kursk and elsewhere in the region for months"),
		rec(model.KindFact, "f2", `{}`, "a convoy near Kursk"),
		rec(model.KindCapture, "c1", `{}`, "page text about Kursk"),
		rec(model.KindActor, "a1", `{}`, "Belgorod"))
	if _, err := s.Import(ctx, "c1", seq(recs...), ch("a", 0), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, "c1", "Kursk", 5, model.KindFact)
	if got := hitIDs(hits); err != nil || !slices.Equal(sorted(got), []string{"fact/f1", "fact/f2"}) {
		t.Errorf("facts only: %v %v", got, err)
	}
	hits, err = s.Search(ctx, "c1", "Kursk", 10, model.KindFact, model.KindCapture)
	if got := hitIDs(hits); err != nil || !slices.Equal(sorted(got), []string{"capture/c1", "fact/f1", "fact/f2"}) {
		t.Errorf("facts and captures: %v %v", got, err)
	}
	if hits, err := s.Search(ctx, "c1", "Kursk", 5, model.KindActor); err != nil || len(hits) != 0 {
		t.Errorf("actors: %v %v", hitIDs(hits), err)
	}
	if hits, err := s.Search(ctx, "c1", "Kursk", 100); err != nil || len(hits) != 33 {
		t.Errorf("every kind: %d hits %v", len(hits), err)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func testImportThenSearch(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	// A large first import into an empty case (backends may take a bulk path), then an
	// incremental one into the same case: search must see both, and the tombstoned one not.
	var recs []store.Record
	for i := range 2000 {
		text := fmt.Sprintf("report number %d about shells", i)
		if i == 1234 {
			text = "the unique zebra report"
		}
		r := rec(model.KindSource, fmt.Sprintf("s%05d", i), fmt.Sprintf(`{"n":%d}`, i), text)
		r.SortLo, r.SortHi = day(int64(i%7)), day(int64(i%7+1))
		recs = append(recs, r)
	}
	st, err := s.Import(ctx, "c1", seq(recs...), ch("a", 0), store.ImportOptions{})
	if err != nil || st.Created != 2000 {
		t.Fatalf("bulk import: %+v %v", st, err)
	}
	hits, err := s.Search(ctx, "c1", "zebra", 10)
	if err != nil || !slices.Equal(hitIDs(hits), []string{"source/s01234"}) {
		t.Errorf("search after bulk import: %v %v", hitIDs(hits), err)
	}
	if len(hits) == 1 && !strings.Contains(strings.ToLower(hits[0].Snippet), "zebra") {
		t.Errorf("snippet %q lacks the word", hits[0].Snippet)
	}
	hits, err = s.Search(ctx, "c1", "shells", 5)
	if err != nil || len(hits) != 5 {
		t.Errorf("search with limit 5: %d hits %v", len(hits), err)
	}
	st, err = s.Import(ctx, "c1", seq(
		rec(model.KindSource, "s01234", `{"n":"changed"}`, "now about giraffes"),
		rec(model.KindSource, "extra", `{}`, "another zebra"),
	), ch("a", 1), store.ImportOptions{})
	if err != nil || st != (store.ImportStats{Created: 1, Updated: 1}) {
		t.Fatalf("incremental import: %+v %v", st, err)
	}
	hits, _ = s.Search(ctx, "c1", "zebra", 10)
	if !slices.Equal(hitIDs(hits), []string{"source/extra"}) {
		t.Errorf("old text still indexed after update: %v", hitIDs(hits))
	}
	hits, _ = s.Search(ctx, "c1", "giraffes", 10)
	if !slices.Equal(hitIDs(hits), []string{"source/s01234"}) {
		t.Errorf("new text not indexed after update: %v", hitIDs(hits))
	}
	l, err := s.List(ctx, "c1", model.KindSource, store.ListOptions{ByDate: true, Limit: 3})
	if err != nil || !slices.Equal(ids(l), []string{"extra", "s01234", "s00000"}) {
		t.Errorf("List by date after import: %v %v", ids(l), err)
	}
}

func testSearch(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	put(t, s, "c1", rec(model.KindFact, "f1", `{}`, "North Korea supplied artillery shells to Russia. Artillery shells again, more artillery."), ch("a", 0))
	put(t, s, "c1", rec(model.KindFact, "f2", `{}`, "Russia received ballistic missiles; one mention of artillery."), ch("a", 0))
	put(t, s, "c1", rec(model.KindSource, "s1", `{}`, "Ukrainian intelligence: KN-23 missiles launched at Kharkiv"), ch("a", 0))
	put(t, s, "c1", rec(model.KindActor, "kim", `{}`, "Kim Jong Un 김정은 Ким Чен Ын"), ch("a", 0))
	put(t, s, "c1", rec(model.KindFact, "f3", `{}`, "Résumé of troop deployment to Kursk"), ch("a", 0))
	put(t, s, "c1", rec(model.KindFact, "f4", `{}`, "shells artillery reversed order"), ch("a", 0))
	tests := []struct {
		q    string
		want []string // in rank order when order matters
		set  bool     // compare as a set
	}{
		{"artillery", []string{"fact/f1", "fact/f2", "fact/f4"}, true},
		{"ARTILLERY Russia", []string{"fact/f1", "fact/f2"}, true},
		{"missiles", []string{"fact/f2", "source/s1"}, true},
		{`"artillery shells"`, []string{"fact/f1"}, false},
		{"shells artillery", []string{"fact/f1", "fact/f4"}, true},
		{"kharkiv", []string{"source/s1"}, false},
		{"KN-23", []string{"source/s1"}, false},
		{"Ким", []string{"actor/kim"}, false},
		{"김정은", []string{"actor/kim"}, false},
		{"résumé", []string{"fact/f3"}, false},
		{"nothinglikethis", nil, false},
		{"artillery nothinglikethis", nil, false},
		{"", nil, false},
		{"   ", nil, false},
	}
	for _, tc := range tests {
		hits, err := s.Search(ctx, "c1", tc.q, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", tc.q, err)
			continue
		}
		got := hitIDs(hits)
		want := tc.want
		if tc.set {
			got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("Search(%q) = %v, want %v", tc.q, got, want)
		}
	}
	// Ranking: the fact that says "artillery" three times ranks first; ranks ascend.
	hits, err := s.Search(ctx, "c1", "artillery", 10)
	if err != nil || len(hits) != 3 {
		t.Fatalf("Search artillery: %v %v", hitIDs(hits), err)
	}
	if hits[0].ID != "f1" {
		t.Errorf("best hit %s, want f1 (three mentions)", hits[0].ID)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Rank < hits[i-1].Rank {
			t.Errorf("ranks not ascending (lower is better): %v", hits)
		}
	}
	if !strings.Contains(strings.ToLower(hits[0].Snippet), "artillery") {
		t.Errorf("snippet %q lacks the matched word", hits[0].Snippet)
	}
	// Limit.
	hits, err = s.Search(ctx, "c1", "artillery", 1)
	if err != nil || len(hits) != 1 || hits[0].ID != "f1" {
		t.Errorf("Search limit 1: %v %v", hitIDs(hits), err)
	}
	// Other case sees nothing.
	hits, err = s.Search(ctx, "c2", "artillery", 10)
	if err != nil || len(hits) != 0 {
		t.Errorf("Search in empty case: %v %v", hitIDs(hits), err)
	}
}

// HostileQueries are search strings that break naive FTS query construction. Backends use them
// in their fuzz seeds too.
var HostileQueries = []string{
	`"`, `""`, `"""`, `'`, `''`, `\`, `\"`, `*`, `**`, `-`, `--`, `+`, `^`, `:`, `::`, `(`, `)`, `()`,
	`AND`, `OR`, `NOT`, `NEAR`, `NEAR(a b)`, `a OR`, `OR a`, `a AND NOT`, `a NOT b`, `-a`, `a -`,
	`a:b`, `text:artillery`, `{a b}`, `[a]`, `a*`, `*a`, `a"b`, `"a b`, `a b"`, `a & b`, `a | b`, `!a`,
	`a <-> b`, `a:*`, `'a'`, `a''b`, `%`, `_`, `;`, `'; DROP TABLE records; --`, `"); DROP TABLE x;`,
	"\x00", "a\x00b", "\xff\xfe", "\t\n", `🙂`, `a🙂b`, `🙂 artillery`, `^artillery`, `artillery^2`,
	`$1`, `?`, `@@`, `<`, `>`, `a < b`, `NEAR/2`, `"artillery" OR "shells"`, `column:`,
	strings.Repeat("a ", 300), strings.Repeat(`"`, 101), strings.Repeat("(", 50),
}

func testSearchHostile(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	put(t, s, "c1", rec(model.KindFact, "f1", `{}`, "artillery shells a b or and not near"), ch("a", 0))
	for _, q := range HostileQueries {
		hits, err := s.Search(ctx, "c1", q, 10)
		if err != nil {
			t.Errorf("Search(%q) returned an error; user queries are plain words and phrases: %v", q, err)
		}
		for _, h := range hits {
			if h.ID != "f1" {
				t.Errorf("Search(%q) found %v", q, h)
			}
		}
	}
	// Operators are plain words: "or" and "not" are found as words.
	for _, q := range []string{"OR", "not", "near", "and"} {
		hits, err := s.Search(ctx, "c1", q, 10)
		if err != nil || len(hits) != 1 {
			t.Errorf("Search(%q) as a word: %v %v, want f1", q, hitIDs(hits), err)
		}
	}
	// The table is still there.
	get(t, s, "c1", model.KindFact, "f1")
}

func testConcurrency(t *testing.T, f Factory) {
	s := open(t, f)
	ctx := context.Background()
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*3)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r := rec(model.KindFact, fmt.Sprintf("w%d-%d", w, i), fmt.Sprintf(`{"w":%d,"i":%d}`, w, i), "parallel write")
				if _, err := s.Put(ctx, "c1", r, ch(fmt.Sprintf("w%d", w), i)); err != nil {
					errs <- fmt.Errorf("put %s: %w", r.ID, err)
				}
				// Everyone also updates one shared record, blindly (Rev 0), with distinct data.
				sh := rec(model.KindFact, "shared", fmt.Sprintf(`{"w":%d,"i":%d}`, w, i), "")
				if _, err := s.Put(ctx, "c1", sh, ch(fmt.Sprintf("w%d", w), i)); err != nil {
					errs <- fmt.Errorf("put shared: %w", err)
				}
				if _, err := s.List(ctx, "c1", model.KindFact, store.ListOptions{Limit: 5}); err != nil {
					errs <- fmt.Errorf("list: %w", err)
				}
				if _, err := s.Search(ctx, "c1", "parallel", 3); err != nil {
					errs <- fmt.Errorf("search: %w", err)
				}
			}
		}()
	}
	// An import runs alongside, into another case.
	wg.Add(1)
	go func() {
		defer wg.Done()
		var recs []store.Record
		for i := range 500 {
			recs = append(recs, rec(model.KindSource, fmt.Sprintf("s%d", i), `{}`, "imported"))
		}
		if _, err := s.Import(ctx, "c2", seq(recs...), ch("imp", 0), store.ImportOptions{}); err != nil {
			errs <- fmt.Errorf("import: %w", err)
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	l, err := s.List(ctx, "c1", model.KindFact, store.ListOptions{})
	if err != nil || len(l) != workers*each+1 {
		t.Errorf("after parallel puts: %d records %v, want %d", len(l), err, workers*each+1)
	}
	g := get(t, s, "c1", model.KindFact, "shared")
	if g.Rev != workers*each {
		t.Errorf("shared record rev %d, want %d (every blind write lands as a version)", g.Rev, workers*each)
	}
	h, _ := s.History(ctx, "c1", model.KindFact, "shared")
	if len(h) != workers*each {
		t.Errorf("shared record history: %d versions, want %d", len(h), workers*each)
	}
	for i, v := range h {
		if v.Rev != i+1 {
			t.Errorf("history version %d has rev %d", i, v.Rev)
			break
		}
	}
	l, _ = s.List(ctx, "c2", model.KindSource, store.ListOptions{})
	if len(l) != 500 {
		t.Errorf("parallel import: %d records, want 500", len(l))
	}
}

func testContext(t *testing.T, f Factory) {
	s := open(t, f)
	put(t, s, "c1", rec(model.KindFact, "f1", `{}`, "word"), ch("a", 0))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	checks := map[string]error{}
	_, checks["Cases"] = s.Cases(ctx)
	_, checks["Put"] = s.Put(ctx, "c1", rec(model.KindFact, "f2", `{}`, ""), ch("a", 1))
	_, checks["Get"] = s.Get(ctx, "c1", model.KindFact, "f1")
	_, checks["List"] = s.List(ctx, "c1", model.KindFact, store.ListOptions{})
	checks["Tombstone"] = s.Tombstone(ctx, "c1", model.KindFact, "f1", store.Change{Who: "a", Why: "x"})
	_, checks["History"] = s.History(ctx, "c1", model.KindFact, "f1")
	_, checks["Import"] = s.Import(ctx, "c1", seq(rec(model.KindFact, "f3", `{}`, "")), ch("a", 1), store.ImportOptions{})
	_, checks["Search"] = s.Search(ctx, "c1", "word", 10)
	for m, err := range checks {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: got %v, want context.Canceled", m, err)
		}
	}
	// Cancelled halfway through an import: nothing written.
	before := snap(t, s, "c1")
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	it := func(yield func(store.Record, error) bool) {
		for i := range 5000 {
			if i == 2500 {
				cancel2()
			}
			if !yield(rec(model.KindSource, fmt.Sprintf("s%d", i), `{}`, "x"), nil) {
				return
			}
		}
	}
	if _, err := s.Import(ctx2, "c1", it, ch("a", 2), store.ImportOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("import cancelled halfway: got %v, want context.Canceled", err)
	}
	sameSnap(t, "cancelled import", before, snap(t, s, "c1"))
	get(t, s, "c1", model.KindFact, "f1")
}

func testReopen(t *testing.T, f Factory) {
	s := f.Open(t)
	ctx := context.Background()
	put(t, s, "c1", rec(model.KindFact, "f1", `{"v":1}`, "durable artillery"), ch("a", 0))
	put(t, s, "c1", rec(model.KindFact, "f1", `{"v":2}`, "durable artillery"), ch("b", 1))
	if err := s.Tombstone(ctx, "c1", model.KindFact, "f1", store.Change{Who: "c", Why: "gone", At: t0.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, "c2", seq(rec(model.KindSource, "s1", `{}`, "imported durable")), ch("d", 3), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := [2]snapshot{snap(t, s, "c1"), snap(t, s, "c2")}
	s = f.Reopen(t, s)
	t.Cleanup(func() { _ = s.Close() })
	after := [2]snapshot{snap(t, s, "c1"), snap(t, s, "c2")}
	sameSnap(t, "reopen", before[0], after[0])
	sameSnap(t, "reopen", before[1], after[1])
	hits, err := s.Search(ctx, "c2", "durable", 10)
	if err != nil || !slices.Equal(hitIDs(hits), []string{"source/s1"}) {
		t.Errorf("search after reopen: %v %v", hitIDs(hits), err)
	}
	if rev := put(t, s, "c1", rec(model.KindFact, "f1", `{"v":3}`, ""), ch("e", 4)); rev != 4 {
		t.Errorf("write after reopen: rev %d, want 4", rev)
	}
}
