package engine

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strconv"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// pagesThen yields n one-record pages, then err if it is set.
func pagesThen(n int, err error) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		for i := range n {
			if !yield(Page{Records: []json.RawMessage{json.RawMessage(`{"n":` + strconv.Itoa(i) + `}`)}}, nil) {
				return
			}
		}
		if err != nil {
			yield(Page{}, err)
		}
	}
}

// TestChain: a chain yields its pages in order; a parent gone (404) before
// its first page has no children and one gone midway ends its chain
// quietly; any other error comes through; a chain left unread ends with
// its context.
func TestChain(t *testing.T) {
	notFound := &intercom.APIError{StatusCode: 404, Code: "company_not_found"}
	boom := &intercom.APIError{StatusCode: 500, Code: "server_error"}
	for _, tc := range []struct {
		name     string
		pages    iter.Seq2[Page, error]
		records  int
		err      error
		startErr bool
	}{
		{"three pages", pagesThen(3, nil), 3, nil, false},
		{"none", pagesThen(0, nil), 0, nil, false},
		{"gone before", pagesThen(0, notFound), 0, nil, false},
		{"gone midway", pagesThen(2, notFound), 2, nil, false},
		{"failing first", pagesThen(0, boom), 0, boom, true},
		{"failing midway", pagesThen(2, boom), 2, boom, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := startChain(context.Background(), tc.pages)
			if tc.startErr {
				if !errors.Is(err, tc.err) {
					t.Fatalf("start: %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			records, last := 0, error(nil)
			for p, err := range c.pages() {
				records += len(p.Records)
				last = err
			}
			if records != tc.records || !errors.Is(last, tc.err) {
				t.Errorf("%d records, error %v; want %d, %v", records, last, tc.records, tc.err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	pages := func(yield func(Page, error) bool) {
		defer close(done)
		for yield(Page{}, nil) {
		}
	}
	if _, err := startChain(ctx, pages); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done // the goroutine reading the chain ends with its context
}
