package fakeintercom

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Latencies as real Intercom shows them: each answer's delay drawn from a
// lognormal distribution around a median (half the answers faster, half
// slower, a long right tail), searches slower than lists and lookups, and
// now and then an answer much slower than the rest.
const (
	latencySigma      = 0.45 // spread of the lognormal: p90 ≈ 1.8 × median
	searchSlowdown    = 1.6  // searches take this much longer
	tailChance        = 0.01 // this share of answers ...
	tailSlowdown      = 4.0  // ... takes this much longer again
	maxLatencyOfOneRq = 10 * time.Second
)

// latency draws request delays; safe for concurrent use.
type latency struct {
	median time.Duration
	mu     sync.Mutex
	rng    *rand.Rand
	// inflight and peak count the requests being answered, for benchmarks
	// that report how much concurrency a client used.
	inflight, peak atomic.Int64
}

func newLatency(median time.Duration, seed int64) *latency {
	return &latency{median: median, rng: rand.New(rand.NewPCG(uint64(seed), 0x1a7e9c))}
}

// of is the delay of one request: fixed plus, with a median set, a draw.
func (l *latency) of(r *http.Request, fixed time.Duration) time.Duration {
	if l.median <= 0 {
		return fixed
	}
	l.mu.Lock()
	z, tail := l.rng.NormFloat64(), l.rng.Float64() < tailChance
	l.mu.Unlock()
	d := float64(l.median) * math.Exp(latencySigma*z)
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/search") {
		d *= searchSlowdown
	}
	if tail {
		d *= tailSlowdown
	}
	return fixed + min(time.Duration(d), maxLatencyOfOneRq)
}

// enter counts a request in; the returned func counts it out.
func (l *latency) enter() func() {
	n := l.inflight.Add(1)
	for {
		p := l.peak.Load()
		if n <= p || l.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return func() { l.inflight.Add(-1) }
}

// PeakInFlight is the most requests the server was answering at once.
func (s *Server) PeakInFlight() int64 { return s.lat.peak.Load() }
