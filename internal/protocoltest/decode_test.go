package protocoltest

import (
	"encoding/json"
	"reflect"
	"testing"
)

var decodeSeeds = []string{
	`{"type":"RECORD","record":{"stream":"contacts","data":{"id":"1","n":-1.5e3,"ok":true,"no":false,"z":null,"a":[1,[],{}]},"emitted_at":1700000000000}}`,
	` { "a" : [ 1 , 2 ] , "a" : "last wins" } `,
	`"esc \" \\ \/ \b \f \n \r \t \u00e9 \u20AC \ud83d\ude00 \ud83d \udc00x \ud83d\u0041"`,
	`"héllo wörld ✓ 😀"`, "\"bad \xff utf8\"", "\"ctl \x01\"",
	`0`, `-0`, `0.5`, `1E+2`, `1e-2`, `12345678901234567890`, `1e400`, `-`, `01`, `1.`, `.5`, `+1`, `1e`,
	`[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `tru`, `nul`, `{}x`, ``, ` `, `"\u12"`, `"\x"`, `"open`,
	`{"nested":{"deep":[{"x":[null,true,"s"]}]}}`,
}

// Decode must agree with encoding/json on every input: the same value, or
// an error where it errs.
func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range decodeSeeds {
		checkDecode(t, []byte(in))
	}
}

func FuzzDecode(f *testing.F) {
	for _, in := range decodeSeeds {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkDecode(t, in) })
}

func checkDecode(t *testing.T, in []byte) {
	t.Helper()
	var want any
	wantErr := json.Unmarshal(in, &want)
	got, err := Decode(in)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%q: error %v, encoding/json says %v", in, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decoded %#v, encoding/json %#v", in, got, want)
	}
}
