package intercom

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"net/url"

	"github.com/intercom-connector/source-intercom/internal/jsonscan"
)

// ErrNoProgress is pagination that does not advance: a server repeating a
// cursor, link or page. Following it would read the same records forever.
var ErrNoProgress = errors.New("pagination does not advance")

// NoProgressError names the endpoint whose paging stopped advancing.
type NoProgressError struct {
	Path   string
	Reason string
}

func (e *NoProgressError) Error() string {
	return fmt.Sprintf("%s: %v: %s; stopped rather than read the same records again", e.Path, ErrNoProgress, e.Reason)
}

func (e *NoProgressError) Unwrap() error { return ErrNoProgress }

// progress guards one paginated read: every cursor, link or page number it
// follows must be new, and every page must hold other items than the pages
// before it. It keeps one hash per page, not one per item, so a long read
// stays small.
type progress struct {
	path    string
	seed    maphash.Seed
	cursors map[string]bool
	pages   map[uint64]bool
}

func newProgress(path string) *progress {
	return &progress{path: path, seed: maphash.MakeSeed(), cursors: map[string]bool{}, pages: map[uint64]bool{}}
}

// follow records a cursor (starting_after, pages.next link) about to be
// followed; it fails if that cursor was followed before.
func (p *progress) follow(kind, cursor string) error {
	if p.cursors[cursor] {
		return &NoProgressError{Path: p.path, Reason: fmt.Sprintf("the server gave %s %q a second time", kind, cursor)}
	}
	p.cursors[cursor] = true
	return nil
}

// page records a page's items; it fails if a page already read held
// exactly the same ones (by id, or by content for items without one), in
// any order. An empty page is not recorded: it ends a read on its own.
func (p *progress) page(items []json.RawMessage) error {
	if len(items) == 0 {
		return nil
	}
	var sum uint64
	for _, it := range items {
		key, ok := jsonscan.Field(it, "id")
		if !ok {
			key = it
		}
		sum += maphash.Bytes(p.seed, key)
	}
	sum ^= uint64(len(items)) * 0x9e3779b97f4a7c15
	if p.pages[sum] {
		return &NoProgressError{Path: p.path, Reason: fmt.Sprintf("a page of %d items repeats one already read", len(items))}
	}
	p.pages[sum] = true
	return nil
}

// checked passes a fetched page through the page check.
func (p *progress) checked(l *List, err error) (*List, error) {
	if err != nil {
		return l, err
	}
	if err := p.page(l.Items); err != nil {
		return nil, err
	}
	return l, nil
}

// followURL records the URL a link (or the first request) resolves to.
func (p *progress) followURL(c *Client, path string, q url.Values) error {
	u, err := c.resolve(path, q)
	if err != nil {
		return nil // the request fails with this error itself
	}
	return p.follow("the pages.next link", u.String())
}
