package engine

import (
	"context"
	"errors"
	"iter"
	"math/rand/v2"
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
