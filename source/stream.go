package source

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"

	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/intercom"
)

// Stream declares one output stream: its name, keys and how its records are
// fetched. Streams are data; the machinery that reads them (read.go) is
// written once for all.
type Stream struct {
	Name       string
	PrimaryKey [][]string
	// Cursor is the incremental cursor field; empty for full-refresh-only streams.
	Cursor string
	// Fetch yields the stream's records page by page, as the API returned them.
	Fetch func(ctx context.Context, env *Env) iter.Seq2[Page, error]
}

// Page is one page of records of a stream.
type Page struct {
	Records []json.RawMessage
}

// Env is what a stream's Fetch may use.
type Env struct {
	Client *intercom.Client
	Config *Config
	Log    func(level, msg string)
}

// SyncModes lists the modes a stream supports.
func (s Stream) SyncModes() []airbyte.SyncMode {
	if s.Cursor != "" {
		return []airbyte.SyncMode{airbyte.FullRefresh, airbyte.Incremental}
	}
	return []airbyte.SyncMode{airbyte.FullRefresh}
}

// listStream is a stream served by one unpaginated GET whose items sit under key.
func listStream(name, path string, q url.Values, key string) Stream {
	return Stream{
		Name:       name,
		PrimaryKey: [][]string{{"id"}},
		Fetch: func(ctx context.Context, env *Env) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				l, err := env.Client.GetList(ctx, path, q, key)
				if err != nil {
					yield(Page{}, err)
					return
				}
				yield(Page{Records: l.Items}, nil)
			}
		},
	}
}

// pagedStream is a stream served by a page-numbered GET (page, per_page).
func pagedStream(name, path string, perPage int) Stream {
	return Stream{
		Name:       name,
		PrimaryKey: [][]string{{"id"}},
		Fetch: func(ctx context.Context, env *Env) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				for l, err := range env.Client.PageNumbers(ctx, path, nil, "data", perPage) {
					if err != nil {
						yield(Page{}, err)
						return
					}
					if !yield(Page{Records: l.Items}, nil) {
						return
					}
				}
			}
		},
	}
}
