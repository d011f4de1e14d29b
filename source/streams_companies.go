package source

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"iter"
	"time"

	"github.com/buger/jsonparser"
)

// companiesStream scans every company with the scroll API (the only way
// through large workspaces) and keeps, on our side, those changed since the
// cursor. A scan cannot resume midway, so it checkpoints once, at its end,
// at the time it began.
func companiesStream() Stream {
	return Stream{
		Name:       "companies",
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "updated_at",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				start, ok := scanCompanies(ctx, env, yield, func(page []json.RawMessage) bool {
					return yield(Page{Records: page}, nil)
				})
				if ok {
					yield(Page{Checkpoint: scanCheckpoint(env, start)}, nil)
				}
			}
		},
	}
}

// scanCompanies runs one scroll, handing each page's new companies to emit.
// A scroll that restarts returns companies already handed over; they are
// dropped so no company is emitted twice in one sync. It returns the
// server time the scan began, and false if it stopped early (error
// yielded, or emit asked to stop).
func scanCompanies(ctx context.Context, env *Env, yield func(Page, error) bool, emit func([]json.RawMessage) bool) (time.Time, bool) {
	var start time.Time
	seen := idSet{}
	for p, err := range env.Client.Scroll(ctx, "/companies/scroll", "data", env.Scroll) {
		if err != nil {
			yield(Page{}, err)
			return start, false
		}
		if start.IsZero() {
			start = p.Date
		}
		if p.Restarted {
			env.Log("WARN", "The companies scroll failed midway and was restarted from the beginning; companies already read are skipped.")
		}
		fresh := p.Items[:0:0]
		for _, rec := range p.Items {
			if seen.add(rec) {
				fresh = append(fresh, rec)
			}
		}
		if !emit(fresh) {
			return start, false
		}
	}
	return start, true
}

// idSet remembers records by a 128-bit hash of their id: enough to never
// collide in practice while costing 16 bytes a company.
type idSet map[[16]byte]struct{}

// add reports whether rec's id was new. Records without id are always new.
func (s idSet) add(rec json.RawMessage) bool {
	id, _, _, err := jsonparser.Get(rec, "id")
	if err != nil {
		return true
	}
	h := fnv.New128a()
	h.Write(id)
	var k [16]byte
	h.Sum(k[:0])
	if _, ok := s[k]; ok {
		return false
	}
	s[k] = struct{}{}
	return true
}

// companySegmentsStream lists the segments of every company changed since
// the parent cursor. The company ids are collected during the scroll and
// the segments fetched after it, so work on children never leaves the
// scroll idle long enough to expire.
func companySegmentsStream() Stream {
	return Stream{
		Name:       "company_segments",
		PrimaryKey: [][]string{{"id"}, {"company_id"}},
		Cursor:     "updated_at",
		Parent:     "companies",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				var changed []string
				start, ok := scanCompanies(ctx, env, yield, func(page []json.RawMessage) bool {
					for _, rec := range page {
						if c, ok := cursorOf(rec, "updated_at"); !ok || c >= since {
							if id, err := jsonparser.GetString(rec, "id"); err == nil {
								changed = append(changed, id)
							}
						}
					}
					return true
				})
				if !ok {
					return
				}
				fetch := func(ctx context.Context, id string) (Page, error) {
					return childRecords(ctx, env, "/companies/"+id+"/segments", "data", "company_id", id)
				}
				for p, err := range fanOut(ctx, env.Workers, sliceSeq(changed), fetch) {
					if !yield(p, err) || err != nil {
						return
					}
				}
				yield(Page{Checkpoint: scanCheckpoint(env, start)}, nil)
			}
		},
	}
}
