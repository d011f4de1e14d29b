package engine

import (
	"context"
	"iter"
	"sync"
)

// pool runs run(item) for every item of items, each in a goroutine of its
// own, at most n at once, started in the items' order. Once a slot is
// free, admit(item) may block (to bound read-ahead) or refuse it, which
// ends the pool; an item admitted is always run, even if ctx ends
// meanwhile (a fan-out's reader waits for the result of every item it was
// promised). pool returns when items end, admit refuses or ctx is done,
// and every started run has returned. It is the one bounded pool: FanOut
// and the time windows both run on it.
func pool[T any](ctx context.Context, n int, items iter.Seq[T], admit func(T) bool, run func(T)) {
	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, max(n, 1))
	for it := range items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if !admit(it) {
			<-sem
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
	return FanOutBounded(ctx, n, ahead, 0, nil, items, fetch)
}

// FanOutBounded is FanOutAhead whose results waiting to be yielded, with
// those of the fetches in flight (counted at the average result's size),
// hold at most about budget bytes (as size counts them): past it, no
// further item starts until the results ahead are yielded. An item is
// always started when nothing is open, so one result larger than the
// budget still passes. A budget of 0 bounds nothing.
func FanOutBounded[T, R any](ctx context.Context, n, ahead int, budget int64, size func(R) int64, items iter.Seq2[T, error], fetch func(context.Context, T) (R, error)) iter.Seq2[R, error] {
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
		held := newHeldBytes(budget)
		futures := make(chan chan result, max(ahead, n))
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer close(futures)
			pool(ctx, n, jobs, func(j job) bool {
				if !held.admit(ctx) || !send(ctx, futures, j.future) {
					return false
				}
				held.started()
				return len(j.future) == 0 // an error of items ends the pool
			}, func(j job) {
				r, err := fetch(ctx, j.it)
				if size != nil && err == nil {
					held.add(size(r))
				}
				j.future <- result{r, err}
			})
		}()
		defer func() { <-done }()
		defer cancel()
		for f := range futures {
			res := <-f
			if size != nil && res.err == nil {
				held.yielded(size(res.r), true)
			} else {
				held.yielded(0, false)
			}
			if !yield(res.r, res.err) || res.err != nil {
				return
			}
		}
	}
}

// heldBytes counts the bytes of a fan-out's results that wait to be
// yielded, and estimates those of the fetches in flight from the results
// so far: admitting an item counts what it will likely hold. Without a
// budget it counts nothing.
type heldBytes struct {
	budget  int64
	mu      sync.Mutex
	bytes   int64 // of the results waiting to be yielded
	done    int   // results waiting to be yielded
	open    int   // items started, not yet yielded
	seen    int64 // results ever counted, and their bytes
	seenB   int64
	waiting bool          // admit waits on wake
	wake    chan struct{} // closed when a result is yielded to a waiting admit
}

func newHeldBytes(budget int64) *heldBytes {
	return &heldBytes{budget: budget, wake: make(chan struct{})}
}

// admit waits until another item may start: what the waiting results and
// the fetches in flight hold (at the average result's size) is under the
// budget, or nothing is open at all. False if ctx ends.
func (h *heldBytes) admit(ctx context.Context) bool {
	if h.budget <= 0 {
		return true
	}
	for {
		h.mu.Lock()
		estimate := h.bytes
		if h.seen > 0 {
			estimate += int64(h.open-h.done) * h.seenB / h.seen
		}
		if estimate < h.budget || h.open == 0 {
			h.mu.Unlock()
			return true
		}
		h.waiting = true
		wake := h.wake
		h.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return false
		}
	}
}

func (h *heldBytes) started() {
	if h.budget <= 0 {
		return
	}
	h.mu.Lock()
	h.open++
	h.mu.Unlock()
}

// add counts a result of n bytes, fetched and waiting.
func (h *heldBytes) add(n int64) {
	if h.budget <= 0 {
		return
	}
	h.mu.Lock()
	h.bytes += n
	h.done++
	h.seen++
	h.seenB += n
	h.mu.Unlock()
}

// yielded releases an item; counted if add counted its result (n bytes).
func (h *heldBytes) yielded(n int64, counted bool) {
	if h.budget <= 0 {
		return
	}
	h.mu.Lock()
	if counted {
		h.bytes -= n
		h.done--
	}
	h.open--
	if h.waiting {
		h.waiting = false
		close(h.wake)
		h.wake = make(chan struct{})
	}
	h.mu.Unlock()
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
