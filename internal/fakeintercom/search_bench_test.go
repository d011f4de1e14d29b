package fakeintercom

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkSearchLarge pages through every contact of a Large workspace
// the way an incremental sync does.
func BenchmarkSearchLarge(b *testing.B) {
	s := New(Options{Seed: 1, Size: Large})
	query := filterQ("updated_at", ">", 1700000000)
	for b.Loop() {
		pages := 0
		for after := "start"; after != ""; pages++ {
			if after == "start" {
				after = ""
			}
			req := httptest.NewRequest(http.MethodPost, "/contacts/search",
				strings.NewReader(searchBody(query, "updated_at", "ascending", 150, after)))
			req.Header.Set("Authorization", "Bearer "+testToken)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			var body struct {
				Pages struct {
					Next *struct {
						StartingAfter string `json:"starting_after"`
					} `json:"next"`
				} `json:"pages"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusOK {
				b.Fatalf("status %d: %v", rec.Code, err)
			}
			after = ""
			if body.Pages.Next != nil {
				after = body.Pages.Next.StartingAfter
			}
		}
		if pages < 100 {
			b.Fatalf("only %d pages", pages)
		}
	}
}
