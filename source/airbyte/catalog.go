package airbyte

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Stream is a stream as discover describes it.
type Stream struct {
	Name                    string          `json:"name"`
	Namespace               string          `json:"namespace,omitempty"`
	JSONSchema              json.RawMessage `json:"json_schema"`
	SupportedSyncModes      []SyncMode      `json:"supported_sync_modes"`
	SourceDefinedCursor     bool            `json:"source_defined_cursor,omitempty"`
	DefaultCursorField      []string        `json:"default_cursor_field,omitempty"`
	SourceDefinedPrimaryKey [][]string      `json:"source_defined_primary_key,omitempty"`
	IsResumable             bool            `json:"is_resumable,omitempty"`
}

// Catalog is the output of discover.
type Catalog struct {
	Streams []Stream `json:"streams"`
}

// ConfiguredStream is one stream the platform asks to read.
type ConfiguredStream struct {
	Stream              Stream     `json:"stream"`
	SyncMode            SyncMode   `json:"sync_mode"`
	CursorField         []string   `json:"cursor_field,omitempty"`
	DestinationSyncMode string     `json:"destination_sync_mode"`
	PrimaryKey          [][]string `json:"primary_key,omitempty"`
}

// ConfiguredCatalog is the catalog given to read.
type ConfiguredCatalog struct {
	Streams []ConfiguredStream `json:"streams"`
}

// ParseConfiguredCatalog decodes and sanity-checks a configured catalog.
// Whether the streams exist is the source's business, not checked here.
func ParseConfiguredCatalog(b []byte) (*ConfiguredCatalog, error) {
	var c ConfiguredCatalog
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("catalog is not valid JSON of a configured catalog: %w", err)
	}
	if c.Streams == nil {
		return nil, errors.New(`catalog has no "streams" array`)
	}
	seen := map[string]bool{}
	for i, s := range c.Streams {
		if s.Stream.Name == "" {
			return nil, fmt.Errorf("catalog stream %d has no stream.name", i)
		}
		if seen[s.Stream.Name] {
			return nil, fmt.Errorf("catalog names stream %q twice", s.Stream.Name)
		}
		seen[s.Stream.Name] = true
		switch s.SyncMode {
		case FullRefresh, Incremental:
		case "":
			return nil, fmt.Errorf("catalog stream %q has no sync_mode (want full_refresh or incremental)", s.Stream.Name)
		default:
			return nil, fmt.Errorf("catalog stream %q has sync_mode %q (want full_refresh or incremental)", s.Stream.Name, s.SyncMode)
		}
	}
	return &c, nil
}
