package fakeintercom

import (
	"slices"
	"strconv"
)

// span is a record's creation and last-update time.
type span struct{ created, updated int64 }

// spans returns n spans within [from, dataEpoch] with creation times
// ascending, so they line up with ascending ids, and updates skewed
// towards recent days the way live workspaces look.
func (g rng) spans(from int64, n int) []span {
	created := make([]int64, n)
	for i := range created {
		created[i] = g.between(from, dataEpoch-day)
	}
	slices.Sort(created)
	out := make([]span, n)
	for i, c := range created {
		out[i] = span{c, c}
		if !g.chance(0.3) {
			out[i].updated = g.between(c, dataEpoch)
		}
	}
	return out
}

// dealt is one draw from a pool of names: the pool index and, once the
// pool is used up, a numeric suffix that keeps names unique.
type dealt struct{ i, round int }

func (d dealt) suffix() string {
	if d.round == 0 {
		return ""
	}
	return " " + strconv.Itoa(d.round+1)
}

// deal draws n pool indexes without repeats until the pool is exhausted,
// then starts a new shuffled round.
func (g rng) deal(size, n int) []dealt {
	out := make([]dealt, n)
	var perm []int
	for k := range out {
		if k%size == 0 {
			perm = g.Perm(size)
		}
		out[k] = dealt{perm[k%size], k / size}
	}
	return out
}

// names deals n unique names from pool.
func (g rng) names(pool []string, n int) []string {
	out := make([]string, n)
	for k, d := range g.deal(len(pool), n) {
		out[k] = pool[d.i] + d.suffix()
	}
	return out
}

// sample returns k distinct elements of xs in their original order.
func sample[T any](g rng, xs []T, k int) []T {
	k = min(k, len(xs))
	idx := g.Perm(len(xs))[:k]
	keep := make([]bool, len(xs))
	for _, i := range idx {
		keep[i] = true
	}
	out := make([]T, 0, k)
	for i, x := range xs {
		if keep[i] {
			out = append(out, x)
		}
	}
	return out
}

// editOneRecently moves one span's update into the last month: someone
// changes an active workspace's settings now and then, so an incremental
// read of them has something recent to read.
func (g rng) editOneRecently(spans []span) {
	if len(spans) == 0 {
		return
	}
	i := g.IntN(len(spans))
	spans[i].updated = max(spans[i].created, dataEpoch-g.between(0, 30)*day)
}
