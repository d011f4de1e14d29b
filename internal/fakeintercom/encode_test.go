package fakeintercom

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// reference is encoding/json with HTML escaping off, as answers were
// encoded before appendJSON.
func reference(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
}

func sameAsReference(t *testing.T, what string, v any) {
	t.Helper()
	got, gerr := appendJSON(nil, v)
	want, werr := reference(v)
	if (gerr != nil) != (werr != nil) {
		t.Fatalf("%s: error %v, encoding/json's %v", what, gerr, werr)
	}
	if werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, got, want)
	}
}

func TestAppendJSONEncodesAsEncodingJSON(t *testing.T) {
	t.Parallel()
	edge := []any{
		nil, true, false, 0, -1, int64(math.MaxInt64), int32(-7), uint8(3),
		0.0, math.Copysign(0, -1), 0.1, 1.5, -2.25, 1e20, 1e21, 123456789012345678901234.0,
		1e-6, 1e-7, 5e-324, math.MaxFloat64, 1.0 / 3, float64(1700000000),
		math.NaN(), math.Inf(1),
		"", "plain", `quote " and \ backslash`, "<b>html & co</b>", "tab\tnew\nline\rret",
		"\b\f\x00\x01\x1f\x7f", "é ü 日本 🎉", "\u2028 and \u2029", "bad \xff\xfe utf-8 \xe2\x82",
		[]byte("bytes"), json.Number("12.50"), json.RawMessage(`{"b":1,"a":2}`), time.Unix(1700000000, 0).UTC(),
		[]any{}, []any(nil), []string{"a", "b"}, []string(nil), []record{{"x": 1}}, []record(nil),
		record{}, record(nil), map[string]any{"b": 1, "a": []any{nil, "x", record{"z": 0.5, "y": []int{1, 2}}}, "": "empty key", "é": 1, "\u2028": 2},
		struct {
			A string `json:"a"`
		}{"s"},
	}
	for i, v := range edge {
		sameAsReference(t, "edge value "+string(rune('A'+i)), v)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		b := make([]byte, rng.IntN(40))
		for j := range b {
			b[j] = byte(rng.IntN(256))
		}
		sameAsReference(t, "random string", string(b))
		sameAsReference(t, "random key", record{string(b): i})
		sameAsReference(t, "random float", rng.NormFloat64()*math.Pow(10, float64(rng.IntN(60)-30)))
	}

	// Every record of a workspace, as stored and as served.
	s := New(Options{Seed: 3, Size: Small})
	n := 0
	for name, rs := range s.ws.streams {
		for _, r := range rs {
			sameAsReference(t, name, r)
			n++
		}
	}
	for name, tb := range s.ws.tables {
		sameAsReference(t, name, tb.rows)
		n += len(tb.rows)
	}
	for _, parts := range s.ws.parts {
		sameAsReference(t, "parts", parts)
		n += len(parts)
	}
	if n < 10000 {
		t.Fatalf("only %d records compared", n)
	}
}
