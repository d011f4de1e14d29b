package integration_tests

import (
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// parentLink names the field of a child stream's records that holds its
// parent's id: for a link table, the first of its key.
func parentLink(s engine.Stream) string {
	switch s.Name {
	case "conversation_parts":
		return "conversation_id"
	case "company_segments":
		return "company_id"
	case "contact_notes":
		return "contact_id"
	}
	return s.PrimaryKey[0][0]
}

// cursorRecord is one of the fake's records with the cursor a checkpoint
// of its stream is compared with: its own, or its parent's for a child.
type cursorRecord struct {
	key    string
	cursor int64
	own    int64 // the record's own cursor
}

// cursorRecords lists the fake's records of stream with their cursors.
func cursorRecords(srv *fakeintercom.Server, stream string) []cursorRecord {
	s, _ := streams.Lookup(stream)
	parentCursor := map[string]int64{}
	if s.Parent != "" {
		for _, p := range srv.Records(s.Parent) {
			parentCursor[str(p["id"])] = num(p["updated_at"])
		}
	}
	var out []cursorRecord
	for _, rec := range srv.Records(stream) {
		c, own := num(rec[s.Cursor]), num(rec[s.Cursor])
		if s.Parent != "" {
			// A child is selected through its parent, not its own cursor.
			c = parentCursor[idString(rec[parentLink(s)])]
			own = c
		}
		out = append(out, cursorRecord{key: key(rec, s.PrimaryKey), cursor: c, own: own})
	}
	return out
}

// resumeCursor reads where a STATE says a resumed read starts: the
// stream's cursor, or its parent's for a child stream.
func resumeCursor(stream string, state map[string]any) int64 {
	s, _ := streams.Lookup(stream)
	st, _ := state["stream"].(map[string]any)["stream_state"].(map[string]any)
	if s.Parent != "" {
		p, _ := st[s.Parent].(map[string]any)
		return num(p["updated_at"])
	}
	return num(st[s.Cursor])
}

// checkpointsHonest checks the checkpoint guarantee on one run: when a
// STATE of a stream with a cursor says a resumed read may start at C, every
// record of the stream whose cursor lies in [from, C) was emitted before
// it. from holds the cursors the run itself resumed from (none: from the
// start); a child record must also have changed since then. A full-refresh STATE comes only after every record. It returns
// how many (state, record) pairs it checked.
func checkpointsHonest(t *testing.T, srv *fakeintercom.Server, r run, from map[string]int64) int {
	t.Helper()
	emitted := map[string]map[string]bool{}
	recs := map[string][]cursorRecord{}
	checked := 0
	for _, m := range r.msgs {
		switch m["type"] {
		case "RECORD":
			rec := m["record"].(map[string]any)
			name := rec["stream"].(string)
			s, _ := streams.Lookup(name)
			if emitted[name] == nil {
				emitted[name] = map[string]bool{}
			}
			emitted[name][key(rec["data"].(map[string]any), s.PrimaryKey)] = true
		case "STATE":
			st := m["state"].(map[string]any)
			name := st["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"].(string)
			s, _ := streams.Lookup(name)
			if _, ok := recs[name]; !ok {
				recs[name] = cursorRecords(srv, name)
			}
			upTo := int64(1 << 62) // a full-refresh STATE covers everything
			if s.Cursor != "" {
				upTo = resumeCursor(name, st)
			}
			missing := 0
			for _, cr := range recs[name] {
				// A resumed read wants what changed since it resumed.
				if cr.cursor < from[name] || cr.own < from[name] || cr.cursor >= upTo {
					continue
				}
				checked++
				if !emitted[name][cr.key] {
					missing++
				}
			}
			if missing > 0 {
				t.Errorf("%s: a STATE at %d came before %d of the records it covers", name, upTo, missing)
			}
		}
	}
	return checked
}
