package protocoltest

import (
	"strings"
	"testing"
)

// The validator relies on draft-07 semantics (format asserted, integers by value).
func TestVendoredSchemaIsDraft07(t *testing.T) {
	if !strings.Contains(string(protocolSchema), "http://json-schema.org/draft-07/schema#") {
		t.Error("vendored airbyte_protocol.yaml no longer declares draft-07")
	}
}
