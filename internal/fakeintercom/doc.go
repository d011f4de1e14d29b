// Package fakeintercom is a stateful, deterministic stand-in for the Intercom
// REST API (version 2.16). Tests, benchmarks and demos run the connector
// against it because no real Intercom workspace is reachable from them.
//
// The server generates a workspace once from a seed and serves it with
// Intercom's envelopes, field names, error bodies, bearer authentication,
// version header handling and rate-limit headers. Records(stream) exposes
// the records a correct connector must emit, and Requests() the exact
// requests it sent, so end-to-end tests can assert on both sides.
package fakeintercom
