package engine

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

func TestLinkRows(t *testing.T) {
	t.Parallel()
	tags := LinkRows("contact_id", "tag_id", true, "tags", "data")
	admins := LinkRows("team_id", "admin_id", false, "admin_ids")
	for _, tc := range []struct {
		name string
		rows func(json.RawMessage) ([]json.RawMessage, error)
		rec  string
		want []string // nil with an error
	}{
		{"objects, with the parent's cursor", tags, `{"id":"7","updated_at":100,"tags":{"data":[{"id":"a"},{"type":"tag","id":"b"}]}}`,
			[]string{`{"contact_id":"7","updated_at":100,"tag_id":"a"}`, `{"contact_id":"7","updated_at":100,"tag_id":"b"}`}},
		{"integer ids become strings; no cursor asked", admins, `{"id":5,"updated_at":100,"admin_ids":[1,"2"]}`,
			[]string{`{"team_id":"5","admin_id":"1"}`, `{"team_id":"5","admin_id":"2"}`}},
		{"escapes kept valid", tags, `{"id":"q\"\u00e9","tags":{"data":[{"id":"x\\y"}]}}`,
			[]string{`{"contact_id":"q\"é","tag_id":"x\\y"}`}},
		{"a cursor that is not a number is left out", tags, `{"id":"7","updated_at":"soon","tags":{"data":[{"id":"a"}]}}`,
			[]string{`{"contact_id":"7","tag_id":"a"}`}},
		{"no list, no rows", tags, `{"id":"7","updated_at":100}`, []string{}},
		{"an empty list, no rows", tags, `{"id":"7","tags":{"data":[]}}`, []string{}},
		{"a parent without id", tags, `{"tags":{"data":[{"id":"a"}]}}`, nil},
		{"an item without id", tags, `{"id":"7","tags":{"data":[{"name":"a"}]}}`, nil},
		{"an empty id", admins, `{"id":"5","admin_ids":[""]}`, nil},
		{"a fractional id", admins, `{"id":"5","admin_ids":[1.5]}`, nil},
		{"an id that is an object", tags, `{"id":"7","tags":{"data":[{"id":{"n":1}}]}}`, nil},
		{"an item that is null", admins, `{"id":"5","admin_ids":[null]}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := tc.rows(json.RawMessage(tc.rec))
			if tc.want == nil {
				var de *intercom.DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("rows %s, err %v: want a DecodeError", rows, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, r := range rows {
				if !json.Valid(r) {
					t.Errorf("row %s is not JSON", r)
				}
				got = append(got, string(r))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("rows %v, want %v", got, tc.want)
			}
		})
	}
}
