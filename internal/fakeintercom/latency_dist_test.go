package fakeintercom

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// TestLatencyFollowsADistribution: draws centre on the median, searches
// are slower, the tail is long, and without a median the delay is the
// fixed one. No request is slept on.
func TestLatencyFollowsADistribution(t *testing.T) {
	t.Parallel()
	l := newLatency(300*time.Millisecond, 1)
	get, search := httptest.NewRequest("GET", "/admins", nil), httptest.NewRequest("POST", "/contacts/search", nil)
	draw := func(n int, r *http.Request) []time.Duration {
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = l.of(r, 0)
		}
		slices.Sort(out)
		return out
	}
	gets, searches := draw(4000, get), draw(4000, search)
	if m := gets[2000]; m < 270*time.Millisecond || m > 330*time.Millisecond {
		t.Errorf("median of lookups %s, want about 300ms", m)
	}
	if ratio := float64(searches[2000]) / float64(gets[2000]); ratio < 1.4 || ratio > 1.8 {
		t.Errorf("searches are %.2f× slower, want about %.1f×", ratio, searchSlowdown)
	}
	if p99 := gets[3960]; p99 < 2*gets[2000] {
		t.Errorf("p99 %s is not a long tail above the median %s", p99, gets[2000])
	}
	if d := newLatency(0, 1).of(get, 50*time.Millisecond); d != 50*time.Millisecond {
		t.Errorf("without a median: %s, want the fixed 50ms", d)
	}
}
