package jsonscan

import (
	"bytes"
	"encoding/json"
	"testing"
)

// reference decodes with encoding/json what ObjectEach should find.
func reference(t testing.TB, b []byte) ([]string, []string) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys, vals []string
	for dec.More() {
		k, _ := dec.Token()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		vals = append(vals, string(raw))
	}
	return keys, vals
}

var objects = []string{
	`{}`,
	` { } `,
	`{"a":1}`,
	`{"a": -1.5e3 , "b" : "x\"y\\", "c":[1,{"d":"}]"}], "e":null,"f":true,"g":false}`,
	`{"body":"<p>a \\\\\" quote</p>","id":"1","nested":{"x":{"y":[[],{}]}},"updated_at":1700000000}`,
	"{\n  \"a\": \"line\\nbreak\",\n  \"b\": [\n 1,\n 2\n ]\n}",
	`{"k\"ey":"v","u":"\u00e9\ud83d\ude00"}`,
}

func TestObjectEachMatchesEncodingJSON(t *testing.T) {
	for _, o := range objects {
		wantK, wantV := reference(t, []byte(o))
		var gotK, gotV []string
		if !ObjectEach([]byte(o), func(k, v []byte) bool {
			var key string
			json.Unmarshal(append(append([]byte{'"'}, k...), '"'), &key)
			gotK, gotV = append(gotK, key), append(gotV, string(v))
			return true
		}) {
			t.Fatalf("%s: not an object", o)
		}
		if len(gotK) != len(wantK) {
			t.Fatalf("%s: keys %q, want %q", o, gotK, wantK)
		}
		for i := range gotK {
			var cg, cw bytes.Buffer
			json.Compact(&cg, []byte(gotV[i]))
			json.Compact(&cw, []byte(wantV[i]))
			if gotK[i] != wantK[i] || cg.String() != cw.String() {
				t.Errorf("%s: field %d = %q:%s, want %q:%s", o, i, gotK[i], gotV[i], wantK[i], wantV[i])
			}
		}
	}
}

func TestArrayEach(t *testing.T) {
	var items []string
	ok := ArrayEach([]byte(` [ {"a":"]"} , 1, "x", [2,[3]], null ] `), func(v []byte) bool {
		items = append(items, string(v))
		return true
	})
	want := []string{`{"a":"]"}`, `1`, `"x"`, `[2,[3]]`, `null`}
	if !ok || len(items) != len(want) {
		t.Fatalf("items %q", items)
	}
	for i := range want {
		if items[i] != want[i] {
			t.Errorf("item %d = %s, want %s", i, items[i], want[i])
		}
	}
	if ArrayEach([]byte(`{}`), func([]byte) bool { return true }) {
		t.Error("an object taken for an array")
	}
	n := 0
	ArrayEach([]byte(`[1,2,3]`), func([]byte) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("stop ignored: %d calls", n)
	}
}

func TestFieldAndInt(t *testing.T) {
	b := []byte(`{"nested":{"updated_at":5},"updated_at": 1700000000 ,"s":"updated_at"}`)
	if n, ok := Int(b, "updated_at"); !ok || n != 1700000000 {
		t.Errorf("Int = %d %v", n, ok)
	}
	if _, ok := Int(b, "s"); ok {
		t.Error("a string read as an int")
	}
	if _, ok := Field(b, "missing"); ok {
		t.Error("missing field found")
	}
}

// FuzzScanAgreesWithEncodingJSON: on any valid JSON object, the fields
// found equal encoding/json's; on any input, nothing panics.
func FuzzScanAgreesWithEncodingJSON(f *testing.F) {
	for _, o := range objects {
		f.Add([]byte(o))
	}
	f.Add([]byte(`{"a":"\`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ObjectEach(b, func(k, v []byte) bool { return true })
		ArrayEach(b, func([]byte) bool { return true })
		var m map[string]json.RawMessage
		if !json.Valid(b) || json.Unmarshal(b, &m) != nil || m == nil {
			return
		}
		wantK, wantV := reference(t, b)
		i := 0
		ObjectEach(b, func(k, v []byte) bool {
			var key string
			if err := json.Unmarshal(append(append([]byte{'"'}, k...), '"'), &key); err != nil || i >= len(wantK) || key != wantK[i] {
				t.Fatalf("field %d key %q, want %q", i, k, wantK)
			}
			var cg, cw bytes.Buffer
			json.Compact(&cg, v)
			json.Compact(&cw, []byte(wantV[i]))
			if cg.String() != cw.String() {
				t.Fatalf("field %q = %s, want %s", key, v, wantV[i])
			}
			i++
			return true
		})
		if i != len(wantK) {
			t.Fatalf("%d fields, want %d", i, len(wantK))
		}
	})
}

func TestTail(t *testing.T) {
	b := []byte(`{"a":{"x":"}"},"parts":{"list":[{"id":"1"},{"id":"2"}],"total_count":2},"z":1}`)
	tail, ok := Tail(b, "parts")
	if !ok || !bytes.HasPrefix(tail, []byte(`{"list"`)) {
		t.Fatalf("tail = %s %v", tail, ok)
	}
	var ids []string
	ObjectEach(tail, func(k, v []byte) bool {
		if string(k) == "list" {
			ArrayEach(v, func(it []byte) bool { ids = append(ids, string(it)); return true })
		}
		return true
	})
	if len(ids) != 2 {
		t.Errorf("items through the tail: %v", ids)
	}
	if n, ok := Int(tail, "total_count"); !ok || n != 2 {
		t.Errorf("total_count through the tail = %d %v", n, ok)
	}
	if _, ok := Tail(b, "nope"); ok {
		t.Error("missing key found")
	}
}
