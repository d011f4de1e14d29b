package engine

import (
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

func numbers(n int, failAt int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := range n {
			if i == failAt {
				yield(0, errors.New("items failed"))
				return
			}
			if !yield(i, nil) {
				return
			}
		}
	}
}

func TestFanOutKeepsOrderAndBound(t *testing.T) {
	var inflight, peak atomic.Int64
	fetch := func(ctx context.Context, i int) (int, error) {
		n := inflight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
		inflight.Add(-1)
		return i * 10, nil
	}
	var got []int
	for r, err := range FanOut(context.Background(), 4, numbers(200, -1), fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	for i, r := range got {
		if r != i*10 {
			t.Fatalf("result %d = %d: order lost", i, r)
		}
	}
	if len(got) != 200 || peak.Load() > 4 || peak.Load() < 2 {
		t.Errorf("got %d results, peak in flight %d (want ≤4 and parallel)", len(got), peak.Load())
	}
}

func TestFanOutStopsAtFirstError(t *testing.T) {
	fetch := func(ctx context.Context, i int) (int, error) {
		if i == 5 {
			return 0, errors.New("fetch 5 failed")
		}
		return i, nil
	}
	var got []int
	var errs []error
	for r, err := range FanOut(context.Background(), 3, numbers(100, -1), fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, r)
	}
	if len(got) != 5 || len(errs) != 1 {
		t.Errorf("got %v then %v; want 0..4 then one error", got, errs)
	}
	got, errs = nil, nil
	for r, err := range FanOut(context.Background(), 3, numbers(10, 7), func(_ context.Context, i int) (int, error) { return i, nil }) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, r)
	}
	if len(got) != 7 || len(errs) != 1 {
		t.Errorf("items error: got %v then %v", got, errs)
	}
}

func TestFanOutEarlyStopCancelsWork(t *testing.T) {
	var started atomic.Int64
	fetch := func(ctx context.Context, i int) (int, error) {
		started.Add(1)
		if i > 0 {
			<-ctx.Done()
		}
		return i, ctx.Err()
	}
	for range FanOut(context.Background(), 2, numbers(1000, -1), fetch) {
		break
	}
	if started.Load() > 4 {
		t.Errorf("%d fetches started after an early stop", started.Load())
	}
}

// TestFanOutBoundedHoldsAtMostItsBudget: while the first item's answer is
// slow, the items behind it are fetched ahead only until their results
// hold the budget (plus what was in flight), not the whole read-ahead;
// without a budget they fill the read-ahead. Once the first answers, every
// result comes, in order, and one result larger than the budget passes.
func TestFanOutBoundedHoldsAtMostItsBudget(t *testing.T) {
	const n, ahead, size = 4, 50, 1000
	// run holds the first item until reach items have started, or (reach
	// 0) until the count has stood still for a while of scheduling.
	run := func(budget int64, sizes func(i int) int, reach int64) (startedWhileBlocked int64, got []int) {
		var started atomic.Int64
		release := make(chan struct{})
		fetch := func(ctx context.Context, i int) ([]byte, error) {
			started.Add(1)
			if i == 0 {
				<-release
			}
			b := make([]byte, sizes(i))
			b[0] = byte(i)
			return b, nil
		}
		results := FanOutBounded(context.Background(), n, ahead, budget, func(b []byte) int64 { return int64(len(b)) }, numbers(200, -1), fetch)
		go func() {
			// Unbounded, the read-ahead fills (ahead items queued, n
			// running); bounded, started stops growing: wait until it
			// has not moved for a while of scheduling.
			last, still := int64(-1), 0
			for (reach > 0 && started.Load() < reach) || (reach == 0 && still < 20000) {
				if s := started.Load(); s == last {
					still++
				} else {
					last, still = s, 0
				}
				runtime.Gosched()
			}
			startedWhileBlocked = started.Load()
			close(release)
		}()
		for b, err := range results {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, int(b[0]))
		}
		return startedWhileBlocked, got
	}
	same := func(int) int { return size }
	if s, got := run(0, same, ahead); s < ahead || len(got) != 200 {
		t.Fatalf("without a budget: %d started while the first was slow, want the read-ahead %d; %d results", s, ahead, len(got))
	}
	s, got := run(3*size, same, 0)
	if bound := int64(3 + n + 1); s > bound {
		t.Errorf("with a budget of 3 results: %d started while the first was slow, want at most %d", s, bound)
	}
	for i, v := range got {
		if v != i%256 {
			t.Fatalf("result %d is item %d: order lost", i, v)
		}
	}
	if len(got) != 200 {
		t.Fatalf("%d results of 200", len(got))
	}
	if _, got := run(3*size, func(i int) int { return 10 * size }, 0); len(got) != 200 {
		t.Fatalf("results over the budget: %d of 200 came", len(got))
	}
}

// TestFanOutEndsWhenCancelledBetweenAdmitAndStart: an item whose result
// the reader was promised is run even when the read is cancelled while it
// waits for a slot. It used to be dropped, and the reader waited for its
// result forever: a read stopped by SIGTERM that never exited.
func TestFanOutEndsWhenCancelledBetweenAdmitAndStart(t *testing.T) {
	for range 100 {
		ctx, cancel := context.WithCancel(context.Background())
		release := make(chan struct{})
		fetch := func(ctx context.Context, i int) (int, error) {
			if i == 0 {
				<-release
			}
			return i, nil
		}
		ended := make(chan struct{})
		go func() {
			defer close(ended)
			for _, err := range FanOut(ctx, 1, numbers(1000, -1), fetch) {
				if err != nil {
					return
				}
			}
		}()
		// Item 0 holds the only slot; item 1 is promised and waits for
		// it. Cancel, then let item 0 finish.
		cancel()
		close(release)
		select {
		case <-ended:
		case <-time.After(10 * time.Second):
			t.Fatal("the fan-out never ended after its read was cancelled")
		}
	}
}
