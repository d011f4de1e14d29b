package protocoltest

import "testing"

// validMessages are the shapes a source emits, written as the protocol
// schema accepts them.
var validMessages = map[string]string{
	"record":               `{"type":"RECORD","record":{"stream":"contacts","data":{"id":"1","updated_at":1700000000},"emitted_at":1700000000123}}`,
	"record empty ns":      `{"type":"RECORD","record":{"namespace":"","stream":"contacts","data":{},"emitted_at":1700000000123}}`,
	"state stream":         `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"contacts"},"stream_state":{"updated_at":1700000000}},"sourceStats":{"recordCount":42.0}}}`,
	"state int count":      `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"contacts","namespace":""}},"sourceStats":{"recordCount":42}}}`,
	"state global":         `{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{},"stream_states":[{"stream_descriptor":{"name":"contacts"},"stream_state":{}}]}}}`,
	"state legacy":         `{"type":"STATE","state":{"data":{"contacts":{"updated_at":1}}}}`,
	"log":                  `{"type":"LOG","log":{"level":"INFO","message":"reading contacts"}}`,
	"log stack trace":      `{"type":"LOG","log":{"level":"ERROR","message":"boom","stack_trace":"goroutine 1"}}`,
	"spec":                 `{"type":"SPEC","spec":{"documentationUrl":"https://docs.airbyte.com/integrations/sources/intercom","connectionSpecification":{"type":"object","required":["access_token"]},"supportsIncremental":true,"protocol_version":"0.2.0"}}`,
	"status succeeded":     `{"type":"CONNECTION_STATUS","connectionStatus":{"status":"SUCCEEDED"}}`,
	"status failed":        `{"type":"CONNECTION_STATUS","connectionStatus":{"status":"FAILED","message":"401 unauthorized"}}`,
	"catalog":              `{"type":"CATALOG","catalog":{"streams":[{"name":"contacts","json_schema":{"type":"object"},"supported_sync_modes":["full_refresh","incremental"],"source_defined_cursor":true,"default_cursor_field":["updated_at"],"source_defined_primary_key":[["id"]],"is_resumable":true}]}}`,
	"trace error":          `{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1700000000123,"error":{"message":"Intercom rejected the token","internal_message":"401","failure_type":"config_error","stream_descriptor":{"name":"contacts"}}}}`,
	"trace error minimal":  `{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1700000000123.5,"error":{"message":"boom"}}}`,
	"status started":       `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1700000000123,"stream_status":{"stream_descriptor":{"name":"contacts"},"status":"STARTED"}}}`,
	"status running":       `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1700000000123,"stream_status":{"stream_descriptor":{"name":"contacts"},"status":"RUNNING"}}}`,
	"status complete":      `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1700000000123,"stream_status":{"stream_descriptor":{"name":"contacts"},"status":"COMPLETE"}}}`,
	"status incomplete":    `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1700000000123,"stream_status":{"stream_descriptor":{"name":"contacts"},"status":"INCOMPLETE"}}}`,
	"status rate limited":  `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1700000000123,"stream_status":{"stream_descriptor":{"name":"contacts"},"status":"RUNNING","reasons":[{"type":"RATE_LIMITED","rate_limited":{"quota_reset":1700000060000}}]}}}`,
	"estimate":             `{"type":"TRACE","trace":{"type":"ESTIMATE","emitted_at":1700000000123,"estimate":{"name":"contacts","type":"STREAM","row_estimate":1000}}}`,
	"unknown extra fields": `{"type":"LOG","log":{"level":"WARN","message":"x","extra":1},"extra":true}`,
}

// invalidMessages must be rejected, each for the reason in its name.
var invalidMessages = map[string]string{
	"not json":                  `type=RECORD`,
	"empty line":                ``,
	"array":                     `[]`,
	"two objects":               `{"type":"LOG","log":{"level":"INFO","message":"a"}}{}`,
	"missing type":              `{"log":{"level":"INFO","message":"a"}}`,
	"unknown type":              `{"type":"METRIC","log":{"level":"INFO","message":"a"}}`,
	"record emitted_at string":  `{"type":"RECORD","record":{"stream":"contacts","data":{},"emitted_at":"1700000000123"}}`,
	"record emitted_at float":   `{"type":"RECORD","record":{"stream":"contacts","data":{},"emitted_at":1700000000123.5}}`,
	"record without payload":    `{"type":"RECORD"}`,
	"record missing stream":     `{"type":"RECORD","record":{"data":{},"emitted_at":1}}`,
	"record data array":         `{"type":"RECORD","record":{"stream":"contacts","data":[],"emitted_at":1}}`,
	"record data broken":        `{"type":"RECORD","record":{"stream":"contacts","data":{"id":},"emitted_at":1}}`,
	"record then another":       `{"type":"RECORD","record":{"stream":"contacts","data":{},"emitted_at":1}}{"type":"LOG","log":{"level":"INFO","message":"x"}}`,
	"record data invalid UTF-8": "{\"type\":\"RECORD\",\"record\":{\"stream\":\"contacts\",\"data\":{\"name\":\"\xff\"},\"emitted_at\":1}}",
	"state without payload":     `{"type":"STATE"}`,
	"state stream missing":      `{"type":"STATE","state":{"type":"STREAM","sourceStats":{"recordCount":1.0}}}`,
	"state no descriptor":       `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_state":{}}}}`,
	"state descriptor no name":  `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"namespace":"x"}}}}`,
	"state bad type":            `{"type":"STATE","state":{"type":"PER_STREAM","stream":{"stream_descriptor":{"name":"contacts"}}}}`,
	"state count string":        `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"contacts"}},"sourceStats":{"recordCount":"1"}}}`,
	"state blob array":          `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"contacts"},"stream_state":[]}}}`,
	"log bad level":             `{"type":"LOG","log":{"level":"VERBOSE","message":"a"}}`,
	"log missing message":       `{"type":"LOG","log":{"level":"INFO"}}`,
	"spec missing connspec":     `{"type":"SPEC","spec":{"documentationUrl":"https://example.com"}}`,
	"spec bad url":              `{"type":"SPEC","spec":{"documentationUrl":"not a url","connectionSpecification":{}}}`,
	"status bad value":          `{"type":"CONNECTION_STATUS","connectionStatus":{"status":"OK"}}`,
	"status without payload":    `{"type":"CONNECTION_STATUS","status":"SUCCEEDED"}`,
	"catalog no sync modes":     `{"type":"CATALOG","catalog":{"streams":[{"name":"contacts","json_schema":{},"supported_sync_modes":[]}]}}`,
	"catalog bad sync mode":     `{"type":"CATALOG","catalog":{"streams":[{"name":"contacts","json_schema":{},"supported_sync_modes":["cdc"]}]}}`,
	"trace bad failure_type":    `{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1,"error":{"message":"boom","failure_type":"fatal"}}}`,
	"trace missing emitted_at":  `{"type":"TRACE","trace":{"type":"ERROR","error":{"message":"boom"}}}`,
	"trace error without error": `{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1}}`,
	"trace unknown type":        `{"type":"TRACE","trace":{"type":"METRIC","emitted_at":1}}`,
	"stream status bad":         `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":{"name":"contacts"},"status":"DONE"}}}`,
	"stream status no stream":   `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"status":"STARTED"}}}`,
	"stream status bare name":   `{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":"contacts","status":"STARTED"}}}`,
	"estimate bad type":         `{"type":"TRACE","trace":{"type":"ESTIMATE","emitted_at":1,"estimate":{"name":"contacts","type":"TABLE"}}}`,
	"estimate missing name":     `{"type":"TRACE","trace":{"type":"ESTIMATE","emitted_at":1,"estimate":{"type":"STREAM"}}}`,
	"estimate float rows":       `{"type":"TRACE","trace":{"type":"ESTIMATE","emitted_at":1,"estimate":{"name":"contacts","type":"STREAM","row_estimate":1.5}}}`,
}

func TestValidMessages(t *testing.T) {
	v := newTestValidator(t)
	for name, msg := range validMessages {
		if err := v.Validate([]byte(msg)); err != nil {
			t.Errorf("%s: rejected: %v", name, err)
		}
	}
}

func TestInvalidMessages(t *testing.T) {
	v := newTestValidator(t)
	for name, msg := range invalidMessages {
		if err := v.Validate([]byte(msg)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func newTestValidator(t *testing.T) *Validator {
	t.Helper()
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return v
}
