package fakeintercom

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestLatencyDelaysResponses(t *testing.T) {
	s := New(Options{Seed: 1, Latency: 30 * time.Millisecond})
	start := time.Now()
	if rec := call(t, s, http.MethodGet, "/tags"); rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	if elapsed := time.Since(start); elapsed < 30*time.Millisecond {
		t.Errorf("answered after %v, want at least the latency", elapsed)
	}
}

func TestLatencyHonoursCancellation(t *testing.T) {
	s := New(Options{Seed: 1, Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/tags", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	done := make(chan struct{})
	go func() {
		s.ServeHTTP(httptest.NewRecorder(), req)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("handler kept waiting after the request context ended")
	}
	reqs := s.Requests()
	if len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("requests = %+v, want one with no status", reqs)
	}
}
