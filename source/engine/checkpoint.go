package engine

import "iter"

// pageSize is how many records a checkpoint may trail: a resumed read
// re-reads at most about this many of a stream.
const pageSize = 150

// EveryPage keeps a stream's checkpoints to about one per page of records.
// Streams that could checkpoint after every parent (a conversation's parts)
// would otherwise flood the platform with STATE messages. A checkpoint held
// back rides on a later page, or comes alone at the end, so none is lost.
func EveryPage(pages iter.Seq2[Page, error]) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		var pending int64
		records := 0
		for p, err := range pages {
			if err != nil {
				// Records before the error were written: keep their checkpoint.
				if pending > 0 && !yield(Page{Checkpoint: pending}, nil) {
					return
				}
				yield(p, err)
				return
			}
			pending = max(pending, p.Checkpoint)
			records += len(p.Records)
			p.Checkpoint = 0
			if records >= pageSize && pending > 0 {
				p.Checkpoint, pending, records = pending, 0, 0
			}
			if !yield(p, nil) {
				return
			}
		}
		if pending > 0 {
			yield(Page{Checkpoint: pending}, nil)
		}
	}
}
