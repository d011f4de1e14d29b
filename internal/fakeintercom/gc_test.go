package fakeintercom

import "runtime/debug"

// A test process is short and makes many fake workspaces and reads: it
// collects garbage a quarter as often as Go's default.
func init() { debug.SetGCPercent(400) }
