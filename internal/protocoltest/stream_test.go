package protocoltest

import (
	"strings"
	"testing"
)

func TestValidateStream(t *testing.T) {
	v := newTestValidator(t)
	out := validMessages["status started"] + "\n" +
		validMessages["record"] + "\n" +
		validMessages["state stream"] + "\n" +
		validMessages["status complete"] // no trailing newline
	msgs, err := v.ValidateStream(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 4 {
		t.Fatalf("got %d messages, want 4", len(msgs))
	}
	rec, _ := msgs[1]["record"].(map[string]any)
	if rec["emitted_at"] != float64(1700000000123) {
		t.Errorf("record emitted_at = %#v, want float64 as encoding/json decodes", rec["emitted_at"])
	}
}

func TestValidateStreamEmpty(t *testing.T) {
	msgs, err := newTestValidator(t).ValidateStream(strings.NewReader(""))
	if err != nil || len(msgs) != 0 {
		t.Fatalf("empty output: msgs=%v err=%v", msgs, err)
	}
}

func TestValidateStreamNamesLine(t *testing.T) {
	v := newTestValidator(t)
	cases := map[string]string{
		"invalid message": validMessages["log"] + "\n" + validMessages["record"] + "\n" + invalidMessages["trace bad failure_type"] + "\n",
		"human text":      validMessages["log"] + "\n" + validMessages["record"] + "\nSyncing contacts...\n",
		"blank line":      validMessages["log"] + "\n" + validMessages["record"] + "\n\n" + validMessages["log"] + "\n",
		"two per line":    validMessages["log"] + "\n" + validMessages["record"] + "\n" + validMessages["log"] + validMessages["log"] + "\n",
	}
	for name, out := range cases {
		msgs, err := v.ValidateStream(strings.NewReader(out))
		if err == nil || !strings.HasPrefix(err.Error(), "line 3:") {
			t.Errorf("%s: error = %v, want one naming line 3", name, err)
		}
		if len(msgs) != 2 {
			t.Errorf("%s: got %d messages before the bad line, want 2", name, len(msgs))
		}
	}
}
