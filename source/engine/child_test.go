package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/jsonscan"
)

// A child with Estimate estimates its rows from its parents as they come:
// the parents' total times the average so far, after the first page and
// then every 1,000 parents, and at the end what the parents counted.
func TestChildEstimatesFromItsParents(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		pages [][]int64 // each parent's count of children, page by page
		total int       // the parents' total, as a search gives it
		noEst bool
		want  []int64
	}{
		{"small", [][]int64{{3, 5}, {1, 1}, {2}}, 10, false, []int64{40, 12}},
		// 600 parents a page: the second page is under 1,000 parents past
		// the first estimate, the third is not.
		{"every 1000 parents", [][]int64{repeat(1, 600), repeat(2, 600), repeat(3, 600)}, 1800, false, []int64{1800, 3600, 3600}},
		{"a scan without a total", [][]int64{{4}, {6}}, 0, false, []int64{4, 10}},
		{"no Estimate", [][]int64{{3, 5}}, 2, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			env := &Env{Estimator: func(_ string, rows int64) { got = append(got, rows) }}
			c := Child{Of: Stream{Name: "parents", Source: countedParents(tc.pages, tc.total)},
				From: Derived(func(json.RawMessage) ([]json.RawMessage, error) { return nil, nil })}
			if !tc.noEst {
				c.Estimate = func(rec json.RawMessage) int64 { n, _ := jsonscan.Int(rec, "n"); return n }
			}
			for _, err := range c.Pages(context.Background(), env, 0) {
				if err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("estimates %v, want %v", got, tc.want)
			}
		})
	}
}

func repeat(n int64, times int) []int64 {
	out := make([]int64, times)
	for i := range out {
		out[i] = n
	}
	return out
}

// countedParents yields a page per element of pages, a parent record per
// count, {"id":…,"n":count}, each page with total.
func countedParents(pages [][]int64, total int) Source {
	return Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			for i, counts := range pages {
				p := Page{Total: total}
				for j, n := range counts {
					p.Records = append(p.Records, json.RawMessage(fmt.Sprintf(`{"id":"%d-%d","n":%d}`, i, j, n)))
				}
				if !yield(p, nil) {
					return
				}
			}
		}
	})
}
