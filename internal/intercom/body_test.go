package intercom

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// allocated is how many bytes run allocates, the whole process counted.
func allocated(run func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestOversizeBodyCostsTheCapOnce: a body over the cap, announced or not,
// is refused after allocating at most about the cap (it used to cost four
// times the cap: read, copied back, read again by the client), and a body
// under it costs about its size.
func TestOversizeBodyCostsTheCapOnce(t *testing.T) {
	const limit = 8 << 20
	page := func(size int) []byte {
		var b bytes.Buffer
		b.WriteString(`{"type":"list","data":[`)
		item := `{"id":"` + strings.Repeat("x", 1000) + `"},`
		for b.Len() < size-len(item) {
			b.WriteString(item)
		}
		b.WriteString(`{"id":"last"}]}`)
		return b.Bytes()
	}
	huge, small := page(4*limit), page(limit*3/4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := huge
		if r.URL.Path == "/small" {
			body = small
		}
		if r.URL.Query().Get("announce") != "" {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		} else if f, ok := w.(http.Flusher); ok {
			f.Flush() // chunked: no length announced
		}
		w.Write(body)
	}))
	defer srv.Close()
	hc := NewHTTPClient(RetryOptions{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Millisecond, MaxBodyBytes: limit})
	c, err := New("tok-secret", WithBaseURL(srv.URL), WithHTTPClient(hc), WithMaxBodyBytes(limit))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		target string
		tooBig bool
		most   uint64
	}{
		{"/huge", true, limit * 5 / 4},
		{"/huge?announce=1", true, 1 << 20},
		{"/small", false, uint64(len(small))*2 + 2<<20}, // read in chunks of up to 1 MiB, joined once
		{"/small?announce=1", false, uint64(len(small)) * 5 / 4},
	} {
		var err error
		var got []byte
		n := allocated(func() { got, err = c.Get(context.Background(), tc.target, nil) })
		if tc.tooBig != errors.Is(err, ErrBodyTooLarge) || (!tc.tooBig && len(got) != len(small)) {
			t.Errorf("%s: %d bytes, err %v", tc.target, len(got), err)
		}
		if n > tc.most {
			t.Errorf("%s: allocated %d MiB, want at most %d MiB", tc.target, n>>20, tc.most>>20)
		}
	}
}

func TestReadCappedKeepsACutOffBodyAnError(t *testing.T) {
	r := io.MultiReader(strings.NewReader(`{"data":[`), errReader{io.ErrUnexpectedEOF})
	if _, err := readCapped(r, -1, 1<<20); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("err = %v", err)
	}
	if _, err := readCapped(strings.NewReader("abc"), 10, 1<<20); err == nil {
		t.Error("a body shorter than announced was accepted")
	}
	for _, n := range []int{0, 1, 64 << 10, 64<<10 + 1, 300 << 10} {
		src := bytes.Repeat([]byte("y"), n)
		got, err := readCapped(bytes.NewReader(src), -1, 1<<20)
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("%d bytes: got %d, %v", n, len(got), err)
		}
	}
	if _, err := readCapped(bytes.NewReader(make([]byte, 1<<20+1)), -1, 1<<20); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("one byte over: %v", err)
	}
	if got, err := readCapped(bytes.NewReader(make([]byte, 1<<20)), -1, 1<<20); err != nil || len(got) != 1<<20 {
		t.Errorf("exactly the cap: %d %v", len(got), err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestBodyCapSharesTheBudget(t *testing.T) {
	for _, tc := range []struct {
		workers int
		want    int64
	}{{1, DefaultMaxBodyBytes}, {16, 64 << 20}, {32, 32 << 20}, {64, 16 << 20}, {128, 8 << 20}, {200, 5 << 20}, {MaxConcurrency + ChainReserve, 4 << 20}, {0, DefaultMaxBodyBytes}} {
		if got := BodyCap(tc.workers); got != tc.want {
			t.Errorf("BodyCap(%d) = %d MiB, want %d MiB", tc.workers, got>>20, tc.want>>20)
		}
	}
	// Whatever the concurrency, the bodies in flight fit in the budget.
	for n := 1; n <= 1024; n++ {
		if got := BodyCap(n); got*int64(n) > BodyBudget {
			t.Fatalf("%d requests in flight at BodyCap %d hold %d MiB, over the %d MiB budget", n, got, got*int64(n)>>20, BodyBudget>>20)
		}
	}
}

// TestSmallBodyOfUnknownLengthHoldsOnlyItsBytes: a body read without an
// announced length (chunked, or gzip the transport decompresses) is read
// into 64 KB chunks; a small one must not keep its whole chunk alive, as
// every record sliced from it would.
func TestSmallBodyOfUnknownLengthHoldsOnlyItsBytes(t *testing.T) {
	for _, n := range []int{0, 1, 3000, 60 << 10, 64 << 10, 200 << 10} {
		body := bytes.Repeat([]byte("x"), n)
		got, err := readCapped(bytes.NewReader(body), -1, 1<<30)
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("%d bytes: %d read, err %v", n, len(got), err)
		}
		if slack := cap(got) - len(got); slack > len(got)/8 {
			t.Errorf("a %d-byte body holds %d bytes", n, cap(got))
		}
	}
}
