package main

import (
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// TestFewestModelCoversEveryStream: the model knows every stream, and
// counts for each workspace size what a full read needs at the least.
func TestFewestModelCoversEveryStream(t *testing.T) {
	for _, size := range []fakeintercom.Size{fakeintercom.Tiny, fakeintercom.Small} {
		f, err := fewestRequests(fakeintercom.New(fakeintercom.Options{Seed: 1, Size: size}))
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, n := range f {
			total += n
		}
		if total == 0 {
			t.Fatalf("%s: no request at all", size)
		}
		t.Logf("%s: %d requests at the least: %v", size, total, f)
	}
}
