package protocoltest

import _ "embed"

// protocolSchema is the official Airbyte protocol schema (version 0.3.2),
// vendored so that the tests need nothing outside the repository.
//
//go:embed airbyte_protocol.yaml
var protocolSchema []byte
