package fakeintercom

import "slices"

// recentDays is how far back the record-heavy collections reach: about
// two years before dataEpoch.
const recentDays = 730

// createdTimes returns n ascending creation times in the two years before
// dataEpoch, so they line up with ascending ids.
func (g rng) createdTimes(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = g.between(dataEpoch-recentDays*day, dataEpoch-day)
	}
	slices.Sort(out)
	return out
}

// busySeconds returns the moments at which bulk imports, workflows and
// bulk actions touched many records at once. Records that land on them
// share an updated_at second, which is what paginating and incremental
// clients must cope with.
func (g rng) busySeconds(n int) []int64 {
	out := make([]int64, max(n, 1))
	for i := range out {
		out[i] = dataEpoch - g.between(0, 120*day)
	}
	slices.Sort(out)
	return out
}

// touched returns a last-update time in [created, dataEpoch]: often one of
// the busy seconds, else mostly within the last month (so many records
// share a calendar day), else any time after creation.
func (g rng) touched(created int64, busy []int64) int64 {
	if g.chance(0.3) {
		if b := busy[g.IntN(len(busy))]; b >= created {
			return b
		}
	}
	if g.chance(0.5) {
		return max(created, dataEpoch-g.between(0, 30*day))
	}
	return g.between(created, dataEpoch)
}

// sometime returns a time in [lo, hi] with probability p, else nil.
func (g rng) sometime(p float64, lo, hi int64) any {
	if !g.chance(p) {
		return nil
	}
	return g.between(lo, hi)
}
