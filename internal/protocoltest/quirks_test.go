package protocoltest

import "testing"

// TestSchemaQuirks pins down what the protocol schema (version 0.3.2, draft-07)
// itself accepts, apart from the pairing rules, so surprises are recorded:
//
//   - Every object has additionalProperties: true, so a misplaced field is
//     silently ignored: sourceStats belongs inside "state", and a top-level
//     "sourceStats" is never checked, whatever its content.
//   - Nothing ties "type" to its payload: {"type":"RECORD"} and
//     {"type":"STATE","state":{}} pass; pairingSchema closes that gap.
//   - namespace "" is accepted wherever a namespace may appear.
//   - record.emitted_at is an integer (an integral 1.0-style value passes, as
//     draft-07 defines integers by value), but trace.emitted_at is a number.
//   - sourceStats.recordCount is a number: 42 and 42.0 both pass.
//   - failure_type is optional, and STREAM_STATUS reasons need only "type".
//   - format: uri on documentationUrl is asserted (draft-07 semantics).
func TestSchemaQuirks(t *testing.T) {
	v := newTestValidator(t)
	cases := []struct {
		name, msg  string
		rawAccepts bool
	}{
		{"top-level sourceStats unchecked", `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"c"}}},"sourceStats":{"recordCount":"many"}}`, true},
		{"state sourceStats checked", `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"c"}},"sourceStats":{"recordCount":"many"}}}`, false},
		{"record without payload", `{"type":"RECORD"}`, true},
		{"empty state", `{"type":"STATE","state":{}}`, true},
		{"empty namespace", `{"type":"RECORD","record":{"namespace":"","stream":"c","data":{},"emitted_at":1}}`, true},
		{"integral float emitted_at", `{"type":"RECORD","record":{"stream":"c","data":{},"emitted_at":1700000000123.0}}`, true},
		{"fractional trace emitted_at", `{"type":"TRACE","trace":{"type":"ERROR","emitted_at":0.5,"error":{"message":"x"}}}`, true},
		{"status reason without details", `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":{"name":"c"},"status":"INCOMPLETE","reasons":[{"type":"RATE_LIMITED"}]}}}`, true},
		{"lowercase status", `{"type":"CONNECTION_STATUS","connectionStatus":{"status":"succeeded"}}`, false},
	}
	for _, c := range cases {
		doc, err := decode([]byte(c.msg))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = v.message.Validate(doc)
		if got := err == nil; got != c.rawAccepts {
			t.Errorf("%s: protocol schema accepts = %v, want %v (%v)", c.name, got, c.rawAccepts, err)
		}
	}
}
