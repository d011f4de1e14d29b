package engine

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
)

func TestProgressReportsRunningStreamsAndRate(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	w := airbyte.NewWriter(&out)
	p := newProgress(w, clock, func() intercom.GovernorStats { return intercom.GovernorStats{Requests: 300, Throttled: 2, TooMany: 1} })
	contacts, admins := p.start("contacts"), p.start("admins")
	contacts.records.Add(12345)
	admins.records.Add(6)
	admins.requests.Add(1)
	now = now.Add(2 * time.Second)
	p.end(admins, false)
	now = now.Add(58 * time.Second)
	p.report()
	p.summary(2)
	w.Flush()
	logs := logMessages(t, out.Bytes())
	want := []string{
		"Stream admins finished: 6 records, 1 requests, 2s.",
		"Progress after 1m0s: 12,351 records; 1 streams done, running: contacts 12,345; 300 requests (5.0/s), 2 waits for the rate limit, 1 HTTP 429.",
		"Read 2 streams in 1m0s: 12,351 records (contacts 12,345, admins 6); 300 requests, 2 waits for the rate limit, 1 HTTP 429.",
	}
	if strings.Join(logs, "\n") != strings.Join(want, "\n") {
		t.Errorf("logs\n%s\nwant\n%s", strings.Join(logs, "\n"), strings.Join(want, "\n"))
	}
}

func logMessages(t *testing.T, out []byte) []string {
	t.Helper()
	var logs []string
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var m airbyte.Message
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}
		if m.Type == airbyte.TypeLog {
			logs = append(logs, m.Log.Message)
		}
	}
	return logs
}
