package engine

import "testing"

// TestPrefixCheckpoint: the checkpoint covers only the finished prefix of
// windows, plus the first unfinished window's progress when its pages come
// in ascending order; a day-granular window's floor is a day earlier.
func TestPrefixCheckpoint(t *testing.T) {
	wins := []window{{lo: 100, hi: 200}, {lo: 200, hi: 300}, {lo: 300, hi: 0}}
	closed := []window{{lo: 100, hi: 200}, {lo: 200, hi: 300}}
	type prog = []windowProgress
	cases := []struct {
		name string
		wd   windowed
		wins []window
		prog prog
		want int64
	}{
		{"nothing read", windowed{ascending: true}, wins, prog{{}, {}, {}}, 100},
		{"first window under way, ascending", windowed{ascending: true}, wins, prog{{started: true, max: 150}, {}, {}}, 150},
		{"first window under way, unordered", windowed{}, wins, prog{{started: true, max: 150}, {}, {}}, 100},
		{"a later window done counts for nothing", windowed{ascending: true}, wins, prog{{}, {done: true, started: true, max: 290}, {}}, 100},
		{"first done, second under way", windowed{ascending: true}, wins, prog{{done: true}, {started: true, max: 250}, {}}, 250},
		{"first done, second not started", windowed{ascending: true}, wins, prog{{done: true}, {}, {}}, 200},
		{"day slack lowers a later window's floor", windowed{ascending: true, slack: 50}, wins, prog{{done: true}, {}, {}}, 150},
		{"all done, open-ended last: its progress", windowed{ascending: true}, wins, prog{{done: true}, {done: true}, {done: true, started: true, max: 420}}, 420},
		{"all done, closed and unordered: the end", windowed{}, closed, prog{{done: true}, {done: true}}, 300},
		{"all done, closed and ascending: its progress", windowed{ascending: true}, closed, prog{{done: true}, {done: true, started: true, max: 280}}, 280},
	}
	for _, c := range cases {
		if got := c.wd.prefixCheckpoint(c.wins, c.prog); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
