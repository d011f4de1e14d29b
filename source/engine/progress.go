package engine

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
)

// progressEvery is how often a long read says where it stands.
const progressEvery = 30 * time.Second

// progress follows a read so that a person, and the platform's UI, can see
// it move: a LOG when each stream ends (records, requests, duration), a
// periodic LOG of every running stream's records and the request rate,
// and a final summary with the records of every stream.
type progress struct {
	w       *airbyte.Writer
	now     func() time.Time
	stats   func() intercom.GovernorStats
	started time.Time

	mu      sync.Mutex
	streams []*streamProgress
}

// streamProgress is one stream's counters; records and requests are
// updated by the stream's own goroutines.
type streamProgress struct {
	name     string
	started  time.Time
	records  atomic.Int64
	requests atomic.Int64
	ended    time.Duration // zero while running
	failed   bool
}

func newProgress(w *airbyte.Writer, now func() time.Time, stats func() intercom.GovernorStats) *progress {
	return &progress{w: w, now: now, stats: stats, started: now()}
}

// start registers a stream as running.
func (p *progress) start(name string) *streamProgress {
	sp := &streamProgress{name: name, started: p.now()}
	p.mu.Lock()
	p.streams = append(p.streams, sp)
	p.mu.Unlock()
	return sp
}

// end marks a stream finished and logs what it took.
func (p *progress) end(sp *streamProgress, failed bool) {
	p.mu.Lock()
	sp.ended, sp.failed = max(p.now().Sub(sp.started), time.Nanosecond), failed
	p.mu.Unlock()
	outcome := "finished"
	if failed {
		outcome = "stopped on an error"
	}
	p.w.Logf(airbyte.LevelInfo, "Stream %s %s: %s records, %s requests, %s.",
		sp.name, outcome, Thousands(sp.records.Load()), Thousands(sp.requests.Load()), roundDuration(sp.ended))
}

// report logs where the read stands: records of every running stream,
// streams done, the request rate since the start and the waits the rate
// limit imposed.
func (p *progress) report() {
	elapsed := p.now().Sub(p.started)
	p.mu.Lock()
	var running []string
	done, total := 0, int64(0)
	for _, sp := range p.streams {
		n := sp.records.Load()
		total += n
		if sp.ended == 0 {
			running = append(running, fmt.Sprintf("%s %s", sp.name, Thousands(n)))
		} else {
			done++
		}
	}
	p.mu.Unlock()
	sort.Strings(running)
	st := p.stats()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(st.Requests) / elapsed.Seconds()
	}
	p.w.Logf(airbyte.LevelInfo, "Progress after %s: %s records; %d streams done, running: %s; %s requests (%.1f/s), %d waits for the rate limit, %d HTTP 429.",
		roundDuration(elapsed), Thousands(total), done, orNone(running), Thousands(st.Requests), rate, st.Throttled, st.TooMany)
}

// run reports on every tick until stop is closed.
func (p *progress) run(ticks <-chan time.Time, stop <-chan struct{}) {
	for {
		select {
		case <-ticks:
			p.report()
		case <-stop:
			return
		}
	}
}

// summary is the final LOG: every stream's records, in catalog order.
func (p *progress) summary(jobs int) {
	p.mu.Lock()
	parts := make([]string, 0, len(p.streams))
	total := int64(0)
	for _, sp := range p.streams {
		n := sp.records.Load()
		total += n
		parts = append(parts, fmt.Sprintf("%s %s", sp.name, Thousands(n)))
	}
	p.mu.Unlock()
	st := p.stats()
	p.w.Logf(airbyte.LevelInfo, "Read %d streams in %s: %s records (%s); %s requests, %d waits for the rate limit, %d HTTP 429.",
		jobs, roundDuration(p.now().Sub(p.started)), Thousands(total), strings.Join(parts, ", "), Thousands(st.Requests), st.Throttled, st.TooMany)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func roundDuration(d time.Duration) time.Duration {
	if d >= time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// Thousands renders n with comma separators: 12,345.
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + Thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
