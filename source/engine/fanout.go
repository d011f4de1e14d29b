package engine

import (
	"context"
	"iter"
	"sync"
)

// pool runs run(item) for every item of items, each in a goroutine of its
// own, at most n at once, started in the items' order. Before an item
// starts, admit(item) may block (to bound read-ahead) or refuse it, which
// ends the pool. pool returns when items end, admit refuses or ctx is
// done, and every started run has returned. It is the one bounded pool:
// FanOut and the time windows both run on it.
func pool[T any](ctx context.Context, n int, items iter.Seq[T], admit func(T) bool, run func(T)) {
	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, max(n, 1))
	for it := range items {
		if !admit(it) {
			return
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			run(it)
		}()
	}
}

// send delivers v on ch unless ctx ends first.
func send[T any](ctx context.Context, ch chan<- T, v T) bool {
	select {
	case ch <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

// FanOut applies fetch to every item of items with at most n fetches in
// flight and yields the results in the items' order, so ordered
// checkpoints stay valid. items keeps being read ahead (at most n results
// waiting) while fetches run: a chain of parent pages never waits on
// children. The first error, from items or a fetch, ends the sequence.
// Stopping early cancels outstanding work and waits for it.
func FanOut[T, R any](ctx context.Context, n int, items iter.Seq2[T, error], fetch func(context.Context, T) (R, error)) iter.Seq2[R, error] {
	return FanOutAhead(ctx, n, n, items, fetch)
}

// FanOutAhead is FanOut reading up to ahead items ahead of the one being
// yielded: for fetches that mostly cost no request (a record that needs no
// completion), so the few that do still keep n requests in flight.
func FanOutAhead[T, R any](ctx context.Context, n, ahead int, items iter.Seq2[T, error], fetch func(context.Context, T) (R, error)) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type result struct {
			r   R
			err error
		}
		type job struct {
			it     T
			future chan result
		}
		// A job's future goes out in order before it starts; an error of
		// items is a job already done.
		jobs := func(yield func(job) bool) {
			for it, err := range items {
				j := job{it: it, future: make(chan result, 1)}
				if err != nil {
					j.future <- result{err: err}
					yield(j)
					return
				}
				if !yield(j) {
					return
				}
			}
		}
		futures := make(chan chan result, max(ahead, n))
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer close(futures)
			pool(ctx, n, jobs, func(j job) bool {
				if !send(ctx, futures, j.future) {
					return false
				}
				return len(j.future) == 0 // an error of items ends the pool
			}, func(j job) {
				r, err := fetch(ctx, j.it)
				j.future <- result{r, err}
			})
		}()
		defer func() { <-done }()
		defer cancel()
		for f := range futures {
			res := <-f
			if !yield(res.r, res.err) || res.err != nil {
				return
			}
		}
	}
}

// SliceSeq iterates a slice as a sequence that never fails.
func SliceSeq[T any](s []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, v := range s {
			if !yield(v, nil) {
				return
			}
		}
	}
}

// IndexSeq yields 0..n-1.
func IndexSeq(n int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := range n {
			if !yield(i, nil) {
				return
			}
		}
	}
}
