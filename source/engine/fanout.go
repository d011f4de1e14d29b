package engine

import (
	"context"
	"iter"
	"sync"
)

// FanOut applies fetch to every item of items with at most n fetches in
// flight and yields the results in the items' order, so ordered
// checkpoints stay valid. items keeps being read ahead (at most n results
// waiting) while fetches run: a chain of parent pages never waits on
// children. The first error, from items or a fetch, ends the sequence.
// Stopping early cancels outstanding work and waits for it.
func FanOut[T, R any](ctx context.Context, n int, items iter.Seq2[T, error], fetch func(context.Context, T) (R, error)) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type result struct {
			r   R
			err error
		}
		futures := make(chan chan result, n)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(futures)
			sem := make(chan struct{}, n)
			for it, err := range items {
				f := make(chan result, 1)
				if err != nil {
					f <- result{err: err}
					select {
					case futures <- f:
					case <-ctx.Done():
					}
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
					r, err := fetch(ctx, it)
					f <- result{r, err}
				}()
				select {
				case futures <- f:
				case <-ctx.Done():
					return
				}
			}
		}()
		defer wg.Wait()
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
