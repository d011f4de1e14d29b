package engine

import (
	"encoding/json"
	"testing"
)

func TestSetField(t *testing.T) {
	cases := map[string]string{
		`{"id":"1"}`:                  `{"conversation_id":"9","id":"1"}`,
		`{}`:                          `{"conversation_id":"9"}`,
		"{ \n }":                      `{"conversation_id":"9"}`,
		`{"conversation_id":"old"}`:   `{"conversation_id":"9"}`,
		`{"a":{"conversation_id":1}}`: `{"conversation_id":"9","a":{"conversation_id":1}}`,
	}
	for in, want := range cases {
		got, err := setField(json.RawMessage(in), "conversation_id", []byte(`"9"`))
		if err != nil || string(got) != want {
			t.Errorf("%s: got %s %v, want %s", in, got, err, want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: invalid JSON %s", in, got)
		}
	}
	if _, err := setField(json.RawMessage(`[1]`), "x", []byte(`1`)); err == nil {
		t.Error("a list accepted as a record")
	}
}

func TestJSONIDKeepsValuesExact(t *testing.T) {
	for in, want := range map[string]string{
		"215": `215`, "9223372036854775807": `9223372036854775807`, "0": `0`,
		"9223372036854775808": `"9223372036854775808"`, "007": `"007"`, "-5": `"-5"`, "+5": `"+5"`, "abc": `"abc"`, "": `""`,
	} {
		if got := string(JSONID(in)); got != want {
			t.Errorf("JSONID(%q) = %s, want %s", in, got, want)
		}
	}
}
