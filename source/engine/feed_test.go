package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/source/config"
)

// pagesSource yields n pages of one record each, record i with updated_at
// i, checkpointed at i+1, and counts how often it was read.
func pagesSource(n int, reads *int, panicAt int) Source {
	return Func(func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
		*reads++
		return func(yield func(Page, error) bool) {
			for i := range n {
				if i == panicAt {
					panic("boom")
				}
				rec := json.RawMessage(fmt.Sprintf(`{"id":"%d","updated_at":%d}`, i, i))
				if !yield(Page{Records: []json.RawMessage{rec}, Checkpoint: int64(i + 1)}, nil) {
					return
				}
			}
		}
	})
}

func family(src Source) (parent, child Stream) {
	parent = Stream{Name: "parents", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: src}
	child = Stream{Name: "children", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Parent: "parents",
		Source: Child{Of: parent, From: Derived(func(rec json.RawMessage) ([]json.RawMessage, error) { return []json.RawMessage{rec}, nil })}}
	return parent, child
}

func shared(t *testing.T, jobs []Job, since []int64) []*reader {
	t.Helper()
	cfg, _ := config.ParseConfig([]byte(`{"access_token":"x"}`))
	ctxs := make([]context.Context, len(jobs))
	for i := range ctxs {
		ctxs[i] = context.Background()
	}
	return share(ctxs, &Env{Config: cfg, Workers: 2}, jobs, since)
}

// A reader that stops early neither blocks the feed nor the others; the
// parent is read once; each child sees only the parents since its cursor.
func TestFeedServesEveryReaderOnce(t *testing.T) {
	reads := 0
	parent, child := family(pagesSource(5, &reads, -1))
	jobs := []Job{{stream: parent}, {stream: child}, {stream: child}}
	rs := shared(t, jobs, []int64{0, 3, 0})
	if rs[0] == nil || rs[1] == nil || rs[2] == nil {
		t.Fatal("the family does not share one read")
	}
	done := make(chan []string, 3)
	collect := func(r *reader, stopAfter int) {
		var got []string
		for p, err := range r.pages() {
			if err != nil {
				got = append(got, err.Error())
				break
			}
			got = append(got, fmt.Sprintf("%d@%d", len(p.Records), p.Checkpoint))
			if len(got) == stopAfter {
				break
			}
		}
		done <- got
	}
	go collect(rs[0], -1)
	go collect(rs[1], -1)
	go collect(rs[2], 1)
	all := map[string]bool{}
	for range 3 {
		all[strings.Join(<-done, " ")] = true
	}
	for _, want := range []string{"1@1 1@2 1@3 1@4 1@5", "0@1 0@2 0@3 1@4 1@5", "1@1"} {
		if !all[want] {
			t.Errorf("no reader got %q: %v", want, all)
		}
	}
	if reads != 1 {
		t.Errorf("the parent was read %d times", reads)
	}
}

// A panic in the parent's source fails every reader, as it would the
// stream reading it alone, instead of the process.
func TestFeedPanicFailsItsReaders(t *testing.T) {
	reads := 0
	parent, child := family(pagesSource(5, &reads, 2))
	rs := shared(t, []Job{{stream: parent}, {stream: child}}, []int64{0, 0})
	type outcome struct {
		pages int
		err   error
	}
	done := make(chan outcome, len(rs))
	for _, r := range rs {
		// Readers go in step, so each reads on its own, as its stream does.
		go func() {
			var o outcome
			for _, err := range r.pages() {
				if err != nil {
					o.err = err
				} else {
					o.pages++
				}
			}
			done <- o
		}()
	}
	for range rs {
		o := <-done
		var pe *panicError
		if o.pages != 2 || !errors.As(o.err, &pe) {
			t.Errorf("a reader got %d pages then %v, want 2 then the panic", o.pages, o.err)
		}
	}
}

// A stream alone, or a child whose parent is not selected with another of
// its family, reads on its own.
func TestFeedOnlyForFamilies(t *testing.T) {
	reads := 0
	parent, child := family(pagesSource(1, &reads, -1))
	other := Stream{Name: "others", Source: pagesSource(1, &reads, -1)}
	for _, jobs := range [][]Job{{{stream: parent}}, {{stream: child}}, {{stream: parent}, {stream: other}}} {
		for i, r := range shared(t, jobs, make([]int64, len(jobs))) {
			if r != nil {
				t.Errorf("%s shares a read in %v", jobs[i].stream.Name, jobs)
			}
		}
	}
}
