package source

import (
	"errors"
	"fmt"

	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/schemas"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// Catalog describes every stream for discover, its records as the API
// version asked for returns them, with the workspace's attributes of each
// stream in attrs declared (and, with asColumns, lifted to columns of
// their own). A stream missing from attrs keeps its attributes an untyped
// object. A stream whose collection that version lacks is left out (a read
// skips it with a WARN, should a catalog name it).
func Catalog(version string, attrs map[string]*streamAttributes, asColumns bool) (*airbyte.Catalog, error) {
	c := &airbyte.Catalog{}
	for _, s := range streams.All() {
		schema, err := schemas.GetVersion(s.Name, version)
		if errors.Is(err, schemas.ErrNotInVersion) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("schema of %s: %w", s.Name, err)
		}
		if schema, err = declareAttributes(schema, attrs[s.Name], asColumns); err != nil {
			return nil, fmt.Errorf("attributes of %s: %w", s.Name, err)
		}
		as := airbyte.Stream{
			Name:                    s.Name,
			JSONSchema:              schema,
			SupportedSyncModes:      s.SyncModes(),
			SourceDefinedPrimaryKey: s.PrimaryKey,
			IsResumable:             s.Cursor != "",
		}
		if s.Cursor != "" {
			as.SourceDefinedCursor = true
			as.DefaultCursorField = []string{s.Cursor}
		}
		c.Streams = append(c.Streams, as)
	}
	return c, nil
}
