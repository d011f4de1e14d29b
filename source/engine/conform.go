package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/intercom-connector/source-intercom/source/schemas"
)

// conformance samples a stream's records against the schema discover
// declared for them: the first record of every page. A record that
// contradicts it is written as Intercom sent it (nothing is lost), but a
// destination may null the column, so the read says so: a WARN at the
// stream's end with the fields that disagreed.
type conformance struct {
	schema  *jsonschema.Schema
	sampled int
	bad     map[string]int // field path → sampled records where it disagreed
}

func newConformance(env *Env, stream string) *conformance {
	if env.Config == nil {
		return nil
	}
	raw, err := schemas.GetVersion(stream, env.Config.IntercomVersion)
	if err != nil {
		return nil
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	url := "mem:///" + stream + ".json"
	if c.AddResource(url, doc) != nil {
		return nil
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil
	}
	return &conformance{schema: sch, bad: map[string]int{}}
}

// sample checks one record.
func (c *conformance) sample(rec json.RawMessage) {
	if c == nil {
		return
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec))
	if err != nil {
		return
	}
	c.sampled++
	var ve *jsonschema.ValidationError
	if err := c.schema.Validate(v); errors.As(err, &ve) {
		fields := map[string]bool{}
		for _, leaf := range leaves(ve) {
			fields["/"+strings.Join(leaf.InstanceLocation, "/")] = true
		}
		for f := range fields {
			c.bad[f]++
		}
	}
}

func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// report is the WARN to give, if any.
func (c *conformance) report(stream string) string {
	if c == nil || len(c.bad) == 0 {
		return ""
	}
	fields := make([]string, 0, len(c.bad))
	for f := range c.bad {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var parts []string
	for _, f := range fields[:min(len(fields), 8)] {
		parts = append(parts, fmt.Sprintf("%s (%d)", f, c.bad[f]))
	}
	return fmt.Sprintf("Stream %s: of %d records sampled (the first of each page), some contradict the declared schema at %s. They were written as Intercom sent them, but a destination may null such values: check intercom_version, and refresh the source schema.",
		stream, c.sampled, strings.Join(parts, ", "))
}
