package engine

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

func seqOf(ps []Page, err error) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		for _, p := range ps {
			if !yield(p, nil) {
				return
			}
		}
		if err != nil {
			yield(Page{}, err)
		}
	}
}

func recs(n int) []json.RawMessage { return make([]json.RawMessage, n) }

func TestEveryPageHoldsCheckpointsToAboutAPage(t *testing.T) {
	in := []Page{
		{Records: recs(100), Checkpoint: 10},
		{Records: recs(40), Checkpoint: 20},
		{Records: recs(20), Checkpoint: 30}, // 160 records: checkpoint 30 goes out
		{Records: recs(5), Checkpoint: 40},
		{Records: recs(5), Checkpoint: 0},
	}
	var cps []int64
	total := 0
	for p, err := range EveryPage(seqOf(in, nil)) {
		if err != nil {
			t.Fatal(err)
		}
		total += len(p.Records)
		if p.Checkpoint != 0 {
			cps = append(cps, p.Checkpoint)
		}
	}
	if total != 170 || len(cps) != 2 || cps[0] != 30 || cps[1] != 40 {
		t.Errorf("records %d, checkpoints %v; want 170 and [30 40] (the last held one at the end)", total, cps)
	}
	boom := errors.New("boom")
	var gotErr error
	var held []int64
	for p, err := range EveryPage(seqOf(in[:2], boom)) {
		if err != nil {
			gotErr = err
			continue
		}
		held = append(held, p.Checkpoint)
	}
	// The checkpoint held back is saved before the error ends the stream.
	if !errors.Is(gotErr, boom) || len(held) != 3 || held[0] != 0 || held[1] != 0 || held[2] != 20 {
		t.Errorf("err %v, checkpoints %v; want [0 0 20] then the error", gotErr, held)
	}
}

func TestScanCheckpointFallsBackToTheInjectedClock(t *testing.T) {
	at := time.Unix(1_800_000_000, 0)
	env := &Env{Clock: func() time.Time { return at }}
	if got := ScanCheckpoint(env, time.Time{}); got != at.Add(-settleTime).Unix() {
		t.Errorf("without a server time: %d, want the injected clock less the settle time", got)
	}
	server := time.Unix(1_700_000_000, 0)
	if got := ScanCheckpoint(env, server); got != server.Add(-settleTime).Unix() {
		t.Errorf("with a server time: %d", got)
	}
}

// TestCompletedPagesKeepTheirTotals: completing a parent's records keeps
// each page's checkpoint and Total (what its children estimate from).
func TestCompletedPagesKeepTheirTotals(t *testing.T) {
	in := []Page{{Records: recs(3), Checkpoint: 10, Total: 7}, {Checkpoint: 20, Total: 7}, {Records: recs(4), Checkpoint: 30, Total: 7}}
	same := func(_ context.Context, _ *Env, rec json.RawMessage) (json.RawMessage, error) { return rec, nil }
	var got []Page
	for p, err := range completed(context.Background(), &Env{Workers: 2}, seqOf(in, nil), same, "", 0) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if len(got) != len(in) {
		t.Fatalf("%d pages, want %d", len(got), len(in))
	}
	for i, p := range got {
		if len(p.Records) != len(in[i].Records) || p.Checkpoint != in[i].Checkpoint || p.Total != in[i].Total {
			t.Errorf("page %d: %d records, checkpoint %d, total %d; want %d, %d, %d", i, len(p.Records), p.Checkpoint, p.Total, len(in[i].Records), in[i].Checkpoint, in[i].Total)
		}
	}
}

// TestPerParentSkipsParentsGoneAndKeepsCheckpoints: a parent deleted
// between its listing and its children's request (HTTP 404) has no
// children; the others' come in order, and the pages' checkpoints stay.
func TestPerParentSkipsParentsGoneAndKeepsCheckpoints(t *testing.T) {
	parents := []Page{
		{Records: []json.RawMessage{json.RawMessage(`"a"`), json.RawMessage(`"gone"`)}, Checkpoint: 10},
		{Records: []json.RawMessage{json.RawMessage(`"b"`)}, Checkpoint: 20},
	}
	from := PerParent(func(_ context.Context, _ *Env, p json.RawMessage) (Page, error) {
		if string(p) == `"gone"` {
			return Page{}, &intercom.APIError{StatusCode: 404, Code: "not_found"}
		}
		return Page{Records: []json.RawMessage{p, p}}, nil
	})
	var got []string
	var cps []int64
	for p, err := range from(context.Background(), &Env{Workers: 3}, seqOf(parents, nil)) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			got = append(got, string(r))
		}
		if p.Checkpoint > 0 {
			cps = append(cps, p.Checkpoint)
		}
	}
	if strings.Join(got, " ") != `"a" "a" "b" "b"` || len(cps) == 0 || cps[len(cps)-1] != 20 {
		t.Errorf("children %v, checkpoints %v", got, cps)
	}
}

// TestCompletedSkipsRecordsBeforeFrom: records whose cursor lies before
// from are passed on as they are (no reader writes them whole), the others
// completed, in order.
func TestCompletedSkipsRecordsBeforeFrom(t *testing.T) {
	in := []Page{{Records: []json.RawMessage{
		json.RawMessage(`{"id":"1","updated_at":50}`), json.RawMessage(`{"id":"2","updated_at":150}`),
		json.RawMessage(`{"id":"3"}`), json.RawMessage(`{"id":"4","updated_at":100}`),
	}, Checkpoint: 10}}
	var asked []string
	var mu sync.Mutex
	mark := func(_ context.Context, _ *Env, rec json.RawMessage) (json.RawMessage, error) {
		mu.Lock()
		asked = append(asked, string(rec))
		mu.Unlock()
		return json.RawMessage(`{"whole":true}`), nil
	}
	var got []string
	for p, err := range completed(context.Background(), &Env{Workers: 2}, seqOf(in, nil), mark, "updated_at", 100) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			got = append(got, string(r))
		}
	}
	want := []string{`{"id":"1","updated_at":50}`, `{"whole":true}`, `{"whole":true}`, `{"whole":true}`}
	if !slices.Equal(got, want) || len(asked) != 3 {
		t.Errorf("records %v (completed %d), want %v", got, len(asked), want)
	}
}
