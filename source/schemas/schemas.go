// Package schemas holds the JSON Schema of every stream's records.
//
// The schemas are derived from Intercom's OpenAPI description (API 2.16) and
// flattened for Airbyte: fully inlined, every object open to unknown fields and
// every non-key field nullable, because Intercom adds fields and sends nulls far
// more often than its description admits. Enums and formats are dropped so that a
// new value or a unix-seconds timestamp never fails validation downstream.
package schemas

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.json
var files embed.FS

// Get returns the JSON Schema of the named stream. Each call returns a fresh
// copy, so callers may modify it.
func Get(stream string) (json.RawMessage, error) {
	b, err := files.ReadFile(stream + ".json")
	if err != nil {
		return nil, fmt.Errorf("schema for stream %q: %w", stream, fs.ErrNotExist)
	}
	return b, nil
}

// Names returns the streams that have a schema, sorted.
func Names() []string {
	paths, err := fs.Glob(files, "*.json")
	if err != nil {
		// The pattern is constant and valid; Glob cannot fail on it.
		panic(err)
	}
	names := make([]string, 0, len(paths))
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(p, ".json"))
	}
	sort.Strings(names)
	return names
}
