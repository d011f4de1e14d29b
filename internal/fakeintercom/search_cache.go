package fakeintercom

import (
	"slices"
	"strconv"
	"sync"
)

// searchCache keeps the sorted matches of recent searches so that paging
// through a large result costs a binary search, not a scan and a sort.
// Keys include the table's version, so any write invalidates them.
type searchCache struct {
	mu      sync.Mutex
	entries map[string][]record
}

const searchCacheSize = 64

func (c *searchCache) get(key string) ([]record, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rs, ok := c.entries[key]
	return rs, ok
}

func (c *searchCache) put(key string, rs []record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= searchCacheSize {
		c.entries = map[string][]record{}
	}
	c.entries[key] = rs
}

// matches returns the records of e matching q, sorted as q asks.
func (s *Server) matches(e *entity, q *searchRequest) []record {
	s.ws.mu.RLock()
	t := s.ws.tables[e.stream]
	key := e.stream + "\x00" + strconv.FormatUint(t.version, 10) + "\x00" + q.sortField + "\x00" +
		strconv.FormatBool(q.descending) + "\x00" + q.queryKey
	if rs, ok := s.cache.get(key); ok {
		s.ws.mu.RUnlock()
		return rs
	}
	out := []record{}
	for _, r := range t.rows {
		if q.match(r) {
			out = append(out, r)
		}
	}
	s.ws.mu.RUnlock()
	slices.SortFunc(out, q.order)
	s.cache.put(key, out)
	return out
}
