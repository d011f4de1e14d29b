package airbyte

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ParseState reads the state a platform passes to read and returns each
// stream's state blob by stream name. It accepts the per-stream form (a list
// of STREAM state messages) and the legacy forms older platforms and other
// Intercom connectors wrote (a list holding one LEGACY message, or a plain
// object keyed by stream name), so users can switch with their state.
func ParseState(b []byte) (map[string]json.RawMessage, error) {
	b = bytes.TrimSpace(b)
	out := map[string]json.RawMessage{}
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return out, nil
	}
	switch b[0] {
	case '[':
		var msgs []struct {
			Type   string          `json:"type"`
			Stream *StreamState    `json:"stream"`
			Data   json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(b, &msgs); err != nil {
			return nil, fmt.Errorf("state is not a valid list of state messages: %w", err)
		}
		for i, m := range msgs {
			switch {
			case m.Type == "STREAM" || (m.Type == "" && m.Stream != nil):
				if m.Stream == nil || m.Stream.StreamDescriptor.Name == "" {
					return nil, fmt.Errorf("state message %d is of type STREAM but has no stream.stream_descriptor.name", i)
				}
				out[m.Stream.StreamDescriptor.Name] = m.Stream.StreamState
			case m.Type == "LEGACY" || (m.Type == "" && m.Data != nil):
				if err := legacy(m.Data, out); err != nil {
					return nil, err
				}
			case m.Type == "GLOBAL":
				return nil, errors.New("state of type GLOBAL is not supported by this source; reset the connection's state or provide per-stream (STREAM) state")
			default:
				return nil, fmt.Errorf("state message %d has unknown type %q (want STREAM)", i, m.Type)
			}
		}
		return out, nil
	case '{':
		if err := legacy(b, out); err != nil {
			return nil, err
		}
		return out, nil
	}
	return nil, errors.New("state must be a JSON list of state messages or a JSON object keyed by stream name")
}

func legacy(b json.RawMessage, out map[string]json.RawMessage) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("legacy state is not a JSON object keyed by stream name: %w", err)
	}
	for k, v := range m {
		out[k] = v
	}
	return nil
}
