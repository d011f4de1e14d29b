package fakeintercom

import (
	"hash/fnv"
	"math/rand/v2"
	"strconv"
)

// dataEpoch is the latest timestamp in generated data (2026-01-01T00:00:00Z).
// It is fixed rather than read from the clock so a seed alone determines
// every byte; records created later by the clock sort after it.
const dataEpoch int64 = 1767225600

const day int64 = 24 * 3600

// rng draws the values of one collection. Each collection has its own
// stream, derived from the seed and its name, so adding collections later
// does not change the data of existing ones.
type rng struct{ *rand.Rand }

func newRNG(seed int64, stream string) rng {
	h := fnv.New64a()
	_, _ = h.Write([]byte(stream))
	return rng{rand.New(rand.NewPCG(uint64(seed), h.Sum64()))}
}

func (g rng) pick(xs []string) string { return xs[g.IntN(len(xs))] }

func (g rng) chance(p float64) bool { return g.Float64() < p }

// between returns an int64 in [lo, hi].
func (g rng) between(lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + g.Int64N(hi-lo+1)
}

// ids returns n ascending numeric ids starting near base with small gaps,
// like ids handed out by a shared database sequence.
func (g rng) ids(base int64, n int) []int64 {
	out := make([]int64, n)
	next := base
	for i := range out {
		next += g.between(1, 7)
		out[i] = next
	}
	return out
}

// hex returns n random lowercase hex digits, as in Mongo-style segment ids.
func (g rng) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.IntN(16)]
	}
	return string(b)
}

// alnum returns n random lowercase letters and digits, as in app id codes.
func (g rng) alnum(n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[g.IntN(len(chars))]
	}
	return string(b)
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// ints converts ids to the []any shape stored records use.
func ints(xs []int64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func strs(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// orNil returns v, or nil (JSON null) with probability p.
func (g rng) orNil(p float64, v any) any {
	if g.chance(p) {
		return nil
	}
	return v
}
