package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
)

// Latest is the API version the stream schemas (*.json) describe.
const Latest = "2.16"

// Versions are the Intercom API versions a schema can be had for, oldest
// first. An older version is the latest schemas with the top-level fields
// whose shape differs replaced (versions/<v>.json: stream, then field, then
// its schema, or null for a field that version lacks). A stream whose
// collection that version lacks altogether is null there: it has no schema
// in that version (see InVersion).
func Versions() []string { return []string{"2.11", Latest} }

// ErrNotInVersion is the error of GetVersion for a stream whose collection
// the API version lacks.
var ErrNotInVersion = errors.New("the API version does not have this stream")

// InVersion reports whether API version v has the named stream's
// collection: Intercom serves newer collections only to the versions that
// have them, so an older version is not asked for them.
func InVersion(stream, v string) bool {
	_, err := GetVersion(stream, v)
	return !errors.Is(err, ErrNotInVersion)
}

//go:embed versions/*.json
var versionFiles embed.FS

// GetVersion returns the JSON Schema of the named stream's records as API
// version v returns them.
func GetVersion(stream, v string) (json.RawMessage, error) {
	base, err := Get(stream)
	if err != nil || v == Latest {
		return base, err
	}
	if !slices.Contains(Versions(), v) {
		return nil, fmt.Errorf("schema for API version %q: %w", v, fs.ErrNotExist)
	}
	b, err := versionFiles.ReadFile("versions/" + v + ".json")
	if err != nil {
		return nil, fmt.Errorf("schema for API version %q: %w", v, err)
	}
	var patch map[string]map[string]json.RawMessage
	if err := json.Unmarshal(b, &patch); err != nil {
		return nil, fmt.Errorf("versions/%s.json: %w", v, err)
	}
	fields, ok := patch[stream]
	switch {
	case !ok:
		return base, nil
	case fields == nil:
		return nil, fmt.Errorf("schema for stream %q in API version %s: %w", stream, v, ErrNotInVersion)
	}
	return replaceFields(base, fields)
}

// replaceFields sets (or, for null, removes) top-level properties of a
// schema, keeping the others in their order.
func replaceFields(schema []byte, fields map[string]json.RawMessage) (json.RawMessage, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(schema, &doc); err != nil {
		return nil, err
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(doc["properties"], &props); err != nil {
		return nil, err
	}
	for k, v := range fields {
		if bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			delete(props, k)
			continue
		}
		props[k] = v
	}
	var err error
	if doc["properties"], err = marshal(props); err != nil {
		return nil, err
	}
	out, err := marshal(doc)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// marshal is json.Marshal keeping <, > and & as they are in descriptions.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}
