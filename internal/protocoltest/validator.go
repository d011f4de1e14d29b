package protocoltest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// Validator checks lines of connector stdout against the AirbyteMessage
// definition of the protocol schema plus the type/payload pairing rules in
// pairingSchema. It is safe for concurrent use.
type Validator struct {
	message *jsonschema.Schema
	pairing *jsonschema.Schema
	// plainRecords are the stream names whose plain RECORD envelope has
	// been found valid.
	plainRecords sync.Map
}

// NewValidator gives the validator of the vendored protocol schema,
// compiled once per process (it is safe for concurrent use).
func NewValidator() (*Validator, error) {
	compiled.once.Do(func() { compiled.v, compiled.err = newValidator(protocolSchema) })
	return compiled.v, compiled.err
}

var compiled struct {
	once sync.Once
	v    *Validator
	err  error
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
	if !utf8.Valid(line) {
		return errors.New("message is not valid UTF-8")
	}
	// A RECORD laid out as the writer lays them out, with an integer
	// emitted_at, is valid or not by its stream's name alone: validated
	// once per name.
	skeleton, name, ok := recordSkeleton(line)
	switch {
	case !ok:
		return v.validate(withoutRecordData(line))
	case name == "":
		return v.validate(skeleton)
	}
	if _, seen := v.plainRecords.Load(name); seen {
		return nil
	}
	if err := v.validate(skeleton); err != nil {
		return err
	}
	v.plainRecords.Store(name, true)
	return nil
}

// validate checks one line against both schemas.
func (v *Validator) validate(line []byte) error {
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
		v, uerr := Decode(line)
		if uerr != nil {
			return msgs, fmt.Errorf("line %d: %w", n, uerr)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return msgs, fmt.Errorf("line %d: message is not a JSON object: %s", n, excerpt(line))
		}
		msgs = append(msgs, m)
	}
}

// withoutRecordData is line with a RECORD's data replaced by {}, for a
// line recordSkeleton does not recognise: the protocol asks of data only
// that it be an object, which is checked here, and decoding every record's
// fields for the schema would cost most of the validation. Any other line,
// or one that does not parse as an object with an object record, is
// returned whole, for decode and the schema to judge.
func withoutRecordData(line []byte) []byte {
	var msg map[string]json.RawMessage
	if json.Unmarshal(line, &msg) != nil || string(msg["type"]) != `"RECORD"` {
		return line
	}
	var rec map[string]json.RawMessage
	if json.Unmarshal(msg["record"], &rec) != nil {
		return line
	}
	data, ok := rec["data"]
	if !ok || len(data) == 0 || data[0] != '{' {
		return line // no data, or not an object: the schema says so
	}
	rec["data"] = json.RawMessage(`{}`)
	msg["record"], _ = json.Marshal(rec)
	out, err := json.Marshal(msg)
	if err != nil {
		return line
	}
	return out
}

// recordSkeleton is the quick way of withoutRecordData for a RECORD laid
// out as {"type":"RECORD","record":{"stream":S,"data":D,"emitted_at":N}}
// with D a valid JSON object: the line with D as {}, and S when N is a
// plain integer (the skeleton is then valid or not by S alone).
func recordSkeleton(line []byte) (skeleton []byte, plainName string, ok bool) {
	const head, mid, tail = `{"type":"RECORD","record":{"stream":"`, `","data":`, `,"emitted_at":`
	rest, ok := bytes.CutPrefix(line, []byte(head))
	if !ok {
		return nil, "", false
	}
	name, rest, ok := bytes.Cut(rest, []byte(mid))
	if !ok || bytes.ContainsAny(name, `"\\`) {
		return nil, "", false
	}
	i := bytes.LastIndex(rest, []byte(tail))
	if i < 0 || !bytes.HasSuffix(rest, []byte("}}")) {
		return nil, "", false
	}
	data, when := rest[:i], rest[i+len(tail):len(rest)-2]
	if len(data) == 0 || data[0] != '{' || !json.Valid(data) {
		return nil, "", false
	}
	out := make([]byte, 0, len(head)+len(name)+len(mid)+2+len(tail)+len(when)+2)
	out = append(append(append(append(out, head...), name...), mid...), "{}"...)
	out = append(append(append(out, tail...), when...), "}}"...)
	if len(when) == 0 || len(when) > 18 || bytes.ContainsFunc(when, func(r rune) bool { return r < '0' || r > '9' }) {
		return out, "", true
	}
	return out, string(name), true
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
