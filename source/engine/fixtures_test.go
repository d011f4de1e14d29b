package engine

// testStreams are declarations shaped like the connector's own (cursor
// fields, a child stream), for tests of the machinery alone.
func testStreams() []Stream {
	none := Func(nil)
	return []Stream{
		{Name: "contacts", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: none},
		{Name: "conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: none},
		{Name: "conversation_parts", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Parent: "conversations", Source: none},
		{Name: "company_segments", PrimaryKey: [][]string{{"id"}, {"company_id"}}, Cursor: "updated_at", Parent: "companies", Source: none},
		{Name: "activity_logs", PrimaryKey: [][]string{{"id"}}, Cursor: "created_at", Source: none},
		{Name: "deleted_conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "deleted_at", Source: none},
		{Name: "admins", PrimaryKey: [][]string{{"id"}}, Source: none},
	}
}

func lookup(name string) (Stream, bool) {
	for _, s := range testStreams() {
		if s.Name == name {
			return s, true
		}
	}
	return Stream{}, false
}
