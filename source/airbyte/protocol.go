// Package airbyte holds the Airbyte protocol messages a source emits and the
// catalog and state it reads. It knows nothing of Intercom.
package airbyte

import "encoding/json"

// Message types of the Airbyte protocol.
const (
	TypeRecord           = "RECORD"
	TypeState            = "STATE"
	TypeLog              = "LOG"
	TypeSpec             = "SPEC"
	TypeConnectionStatus = "CONNECTION_STATUS"
	TypeCatalog          = "CATALOG"
	TypeTrace            = "TRACE"
)

// SyncMode is how a stream is read.
type SyncMode string

// Sync modes.
const (
	FullRefresh SyncMode = "full_refresh"
	Incremental SyncMode = "incremental"
)

// FailureType classifies an error trace so the platform knows who must act.
type FailureType string

// Failure types.
const (
	ConfigError    FailureType = "config_error"
	SystemError    FailureType = "system_error"
	TransientError FailureType = "transient_error"
)

// StreamStatus is the lifecycle status of one stream in a read.
type StreamStatus string

// Stream statuses.
const (
	Started    StreamStatus = "STARTED"
	Running    StreamStatus = "RUNNING"
	Complete   StreamStatus = "COMPLETE"
	Incomplete StreamStatus = "INCOMPLETE"
)

// Log levels.
const (
	LevelFatal = "FATAL"
	LevelError = "ERROR"
	LevelWarn  = "WARN"
	LevelInfo  = "INFO"
	LevelDebug = "DEBUG"
	LevelTrace = "TRACE"
)

// Message is one line of a connector's stdout.
type Message struct {
	Type             string            `json:"type"`
	Log              *Log              `json:"log,omitempty"`
	Spec             json.RawMessage   `json:"spec,omitempty"`
	ConnectionStatus *ConnectionStatus `json:"connectionStatus,omitempty"`
	Catalog          *Catalog          `json:"catalog,omitempty"`
	Record           *Record           `json:"record,omitempty"`
	State            *State            `json:"state,omitempty"`
	Trace            *Trace            `json:"trace,omitempty"`
}

// Log is a human-readable message for the platform's logs.
type Log struct {
	Level      string `json:"level"`
	Message    string `json:"message"`
	StackTrace string `json:"stack_trace,omitempty"`
}

// ConnectionStatus answers a check.
type ConnectionStatus struct {
	Status  string `json:"status"` // SUCCEEDED or FAILED
	Message string `json:"message,omitempty"`
}

// Record is one row of a stream; Data is the API's JSON as returned.
type Record struct {
	Namespace string          `json:"namespace,omitempty"`
	Stream    string          `json:"stream"`
	Data      json.RawMessage `json:"data"`
	EmittedAt int64           `json:"emitted_at"`
}

// StreamDescriptor names a stream. An empty namespace is omitted.
type StreamDescriptor struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// State is a checkpoint. This source emits only STREAM states.
type State struct {
	Type        string       `json:"type"`
	Stream      *StreamState `json:"stream,omitempty"`
	SourceStats *Stats       `json:"sourceStats,omitempty"`
}

// StreamState is the checkpoint of one stream.
type StreamState struct {
	StreamDescriptor StreamDescriptor `json:"stream_descriptor"`
	StreamState      json.RawMessage  `json:"stream_state,omitempty"`
}

// Stats counts the records a state covers.
type Stats struct {
	RecordCount float64 `json:"recordCount"`
}

// Trace carries errors, stream statuses and estimates.
type Trace struct {
	Type         string             `json:"type"` // ERROR, ESTIMATE, STREAM_STATUS
	EmittedAt    float64            `json:"emitted_at"`
	Error        *TraceError        `json:"error,omitempty"`
	Estimate     *Estimate          `json:"estimate,omitempty"`
	StreamStatus *StreamStatusTrace `json:"stream_status,omitempty"`
}

// TraceError reports a failure; Message is for users, InternalMessage for engineers.
type TraceError struct {
	Message          string            `json:"message"`
	InternalMessage  string            `json:"internal_message,omitempty"`
	StackTrace       string            `json:"stack_trace,omitempty"`
	FailureType      FailureType       `json:"failure_type"`
	StreamDescriptor *StreamDescriptor `json:"stream_descriptor,omitempty"`
}

// Estimate tells the platform how many rows a stream will bring.
type Estimate struct {
	Name        string `json:"name"`
	Namespace   string `json:"namespace,omitempty"`
	Type        string `json:"type"` // STREAM or SYNC
	RowEstimate int64  `json:"row_estimate,omitempty"`
}

// StreamStatusTrace reports a stream's lifecycle.
type StreamStatusTrace struct {
	StreamDescriptor StreamDescriptor `json:"stream_descriptor"`
	Status           StreamStatus     `json:"status"`
}
