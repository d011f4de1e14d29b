package protocoltest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// Validator checks lines of connector stdout against the AirbyteMessage
// definition of the protocol schema plus the type/payload pairing rules in
// pairingSchema. It is safe for concurrent use.
type Validator struct {
	message *jsonschema.Schema
	pairing *jsonschema.Schema
}

// NewValidator compiles the vendored protocol schema.
func NewValidator() (*Validator, error) {
	return newValidator(protocolSchema)
}

func newValidator(raw []byte) (*Validator, error) {
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("convert protocol schema: %w", err)
	}
	protocol, err := decode(js)
	if err != nil {
		return nil, fmt.Errorf("decode protocol schema: %w", err)
	}
	pairing, err := decode([]byte(pairingSchema))
	if err != nil {
		return nil, fmt.Errorf("decode pairing schema: %w", err)
	}
	// The protocol file declares draft-07; the default covers a copy without
	// $schema. Unknown keywords such as existingJavaType are ignored.
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	const protocolURL, pairingURL = "mem:///airbyte_protocol.json", "mem:///pairing.json"
	if err := c.AddResource(protocolURL, protocol); err != nil {
		return nil, err
	}
	if err := c.AddResource(pairingURL, pairing); err != nil {
		return nil, err
	}
	v := &Validator{}
	if v.message, err = c.Compile(protocolURL + "#/definitions/AirbyteMessage"); err != nil {
		return nil, fmt.Errorf("compile AirbyteMessage: %w", err)
	}
	if v.pairing, err = c.Compile(pairingURL); err != nil {
		return nil, fmt.Errorf("compile pairing schema: %w", err)
	}
	return v, nil
}

// Validate checks that line is exactly one JSON object and a valid
// AirbyteMessage whose payload matches its type.
func (v *Validator) Validate(line []byte) error {
	doc, err := decode(line)
	if err != nil {
		return err
	}
	if _, ok := doc.(map[string]any); !ok {
		return errors.New("message is not a JSON object")
	}
	if err := v.message.Validate(doc); err != nil {
		return fmt.Errorf("invalid AirbyteMessage: %w", err)
	}
	if err := v.pairing.Validate(doc); err != nil {
		return fmt.Errorf("payload does not match type: %w", err)
	}
	return nil
}

// ValidateStream validates every line of r, as written to stdout by a
// connector command, and returns the messages decoded with encoding/json
// (numbers as float64). Blank lines are errors: stdout carries messages only.
func (v *Validator) ValidateStream(r io.Reader) ([]map[string]any, error) {
	br := bufio.NewReader(r)
	var msgs []map[string]any
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) == 0 && errors.Is(err, io.EOF) {
			return msgs, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return msgs, fmt.Errorf("line %d: read: %w", n, err)
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if verr := v.Validate(line); verr != nil {
			return msgs, fmt.Errorf("line %d: %w: %s", n, verr, excerpt(line))
		}
		var m map[string]any
		if uerr := json.Unmarshal(line, &m); uerr != nil {
			return msgs, fmt.Errorf("line %d: %w", n, uerr)
		}
		msgs = append(msgs, m)
	}
}

// decode parses exactly one JSON value, keeping integers exact so the schema's
// integer checks see what was written.
func decode(b []byte) (any, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("not a single JSON value: %w", err)
	}
	return doc, nil
}

// excerpt keeps error messages readable when a record line is huge.
func excerpt(line []byte) string {
	const limit = 200
	s := strings.TrimSpace(string(line))
	if len(s) > limit {
		return s[:limit] + "..."
	}
	return s
}
