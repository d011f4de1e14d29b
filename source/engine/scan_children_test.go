package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"testing"
)

// TestScanChildrenNeverHoldsTheScanAndCheckpointsHonestly: parents come in
// no cursor order; each parent's fetch waits until the scan has ended, so
// a scan held back by its children would never end. Every parent's
// children are written once, and every checkpoint C comes after the
// children of every parent below C.
func TestScanChildrenNeverHoldsTheScanAndCheckpointsHonestly(t *testing.T) {
	const n, every, final = 1000, 100, 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	cursors := rng.Perm(n)
	scanned := make(chan struct{})
	parents := func(yield func(Page, error) bool) {
		for i := 0; i < n; i += 50 {
			var recs []json.RawMessage
			for _, c := range cursors[i : i+50] {
				recs = append(recs, json.RawMessage(fmt.Sprintf(`{"id":"p%d","updated_at":%d}`, c, 1000+c)))
			}
			if !yield(Page{Records: recs}, nil) {
				return
			}
		}
		close(scanned)
		yield(Page{Checkpoint: final}, nil)
	}
	from := ScanChildren(every, func(ctx context.Context, env *Env, id string) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			<-scanned
			yield(Page{Records: []json.RawMessage{json.RawMessage(`{"parent":"` + id + `"}`)}}, nil)
		}
	})
	written := map[string]bool{}
	checkpoints := 0
	for p, err := range from(context.Background(), &Env{Workers: 4}, iter.Seq2[Page, error](parents)) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			var v struct{ Parent string }
			json.Unmarshal(r, &v)
			if written[v.Parent] {
				t.Fatalf("%s written twice", v.Parent)
			}
			written[v.Parent] = true
		}
		if p.Checkpoint == 0 {
			continue
		}
		checkpoints++
		for _, c := range cursors {
			if int64(1000+c) < p.Checkpoint && !written[fmt.Sprintf("p%d", c)] {
				t.Fatalf("checkpoint %d before the children of p%d (cursor %d)", p.Checkpoint, c, 1000+c)
			}
		}
	}
	if len(written) != n || checkpoints < 2 {
		t.Errorf("%d parents' children written, %d checkpoints", len(written), checkpoints)
	}
}
