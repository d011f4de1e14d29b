package streams

import (
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// tickets is ticket search, to the second like conversations. A token
// without the tickets permission skips the stream with a WARN.
func tickets() engine.Stream {
	return engine.Stream{
		Name: "tickets", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Permission: "read tickets",
		Source: engine.Search{Path: intercom.PathTicketsSearch, Key: "tickets", Query: fromSecond},
	}
}
