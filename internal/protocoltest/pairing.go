package protocoltest

// pairingSchema adds what the protocol schema leaves to convention: it never
// ties a message's type to its payload, so {"type":"RECORD"} or a STREAM state
// without "stream" pass it, yet the platform cannot use them. These draft-07
// if/then rules require the payload each type implies.
const pairingSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "allOf": [
    {"if": {"properties": {"type": {"const": "RECORD"}}}, "then": {"required": ["record"]}},
    {"if": {"properties": {"type": {"const": "LOG"}}}, "then": {"required": ["log"]}},
    {"if": {"properties": {"type": {"const": "SPEC"}}}, "then": {"required": ["spec"]}},
    {"if": {"properties": {"type": {"const": "CONNECTION_STATUS"}}}, "then": {"required": ["connectionStatus"]}},
    {"if": {"properties": {"type": {"const": "CATALOG"}}}, "then": {"required": ["catalog"]}},
    {"if": {"properties": {"type": {"const": "CONTROL"}}}, "then": {"required": ["control"]}},
    {"if": {"properties": {"type": {"const": "DESTINATION_CATALOG"}}}, "then": {"required": ["destination_catalog"]}},
    {"if": {"properties": {"type": {"const": "STATE"}}}, "then": {
      "required": ["state"],
      "properties": {"state": {"allOf": [
        {"if": {"required": ["type"], "properties": {"type": {"const": "STREAM"}}}, "then": {"required": ["stream"]}},
        {"if": {"required": ["type"], "properties": {"type": {"const": "GLOBAL"}}}, "then": {"required": ["global"]}},
        {"if": {"not": {"required": ["type"]}}, "then": {"required": ["data"]}},
        {"if": {"properties": {"type": {"const": "LEGACY"}}}, "then": {"required": ["data"]}}
      ]}}
    }},
    {"if": {"properties": {"type": {"const": "TRACE"}}}, "then": {
      "required": ["trace"],
      "properties": {"trace": {"allOf": [
        {"if": {"properties": {"type": {"const": "ERROR"}}}, "then": {"required": ["error"]}},
        {"if": {"properties": {"type": {"const": "ESTIMATE"}}}, "then": {"required": ["estimate"]}},
        {"if": {"properties": {"type": {"const": "STREAM_STATUS"}}}, "then": {"required": ["stream_status"]}},
        {"if": {"properties": {"type": {"const": "ANALYTICS"}}}, "then": {"required": ["analytics"]}}
      ]}}
    }}
  ]
}`
