package engine

import (
	"encoding/json"
	"io"
	"runtime"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
)

// The hot path: one page of API JSON in, Airbyte RECORD messages out.
// Run with: go test ./source/engine -run '^$' -bench HotPath -benchmem

func contactsPage(tb testing.TB) []byte {
	srv := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Small})
	recs := srv.Records("contacts")[:150]
	b, err := json.Marshal(map[string]any{"type": "list", "data": recs, "total_count": 3000,
		"pages": map[string]any{"type": "pages", "page": 1, "per_page": 150, "total_pages": 20, "next": map[string]any{"per_page": 150, "starting_after": "WzE3MDAwMDAwMDAsImFiYyIsMl0="}}})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func conversationBody(tb testing.TB) []byte {
	srv := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Small})
	parts := srv.Records("conversation_parts")[:150]
	for _, p := range parts {
		delete(p, "conversation_id")
	}
	conv := srv.Records("conversations")[0]
	conv["conversation_parts"] = map[string]any{"type": "conversation_part.list", "conversation_parts": parts, "total_count": 150}
	b, err := json.Marshal(conv)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// perRecord reports allocations per record alongside the usual metrics.
func perRecord(b *testing.B, records int, body []byte, run func()) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		run()
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N*records), "allocs/record")
	b.ReportMetric(float64(b.N*records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkHotPathContacts(b *testing.B) {
	body := contactsPage(b)
	w := airbyte.NewWriter(io.Discard)
	perRecord(b, 150, body, func() {
		l, err := intercom.DecodeList(body, "data")
		if err != nil {
			b.Fatal(err)
		}
		for _, rec := range l.Items {
			CursorOf(rec, "updated_at")
			if err := w.Record("contacts", rec); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkHotPathConversationParts(b *testing.B) {
	body := conversationBody(b)
	w := airbyte.NewWriter(io.Discard)
	perRecord(b, 150, body, func() {
		l, err := intercom.DecodeNestedList(body, "conversation_parts", "conversation_parts")
		if err != nil {
			b.Fatal(err)
		}
		page, err := WithParent(l.Items, "conversation_id", JSONID("2400012345"))
		if err != nil {
			b.Fatal(err)
		}
		for _, rec := range page.Records {
			CursorOf(rec, "updated_at")
			if err := w.RecordWith("conversation_parts", rec, page.Extra); err != nil {
				b.Fatal(err)
			}
		}
	})
}
