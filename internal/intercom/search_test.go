package intercom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

func TestSearchSendsQuerySortAndFollowsCursor(t *testing.T) {
	var bodies []string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if r.Method != http.MethodPost || r.URL.Path != "/contacts/search" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %s %s %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		}
		if len(bodies) == 1 {
			fmt.Fprint(w, `{"type":"list","data":[{"id":"1"}],"pages":{"next":{"per_page":150,"starting_after":"abc"}}}`)
			return
		}
		fmt.Fprint(w, `{"type":"list","data":[{"id":"2"}],"pages":{"next":null}}`)
	})
	q := Or(Filter{Field: "updated_at", Operator: ">", Value: 100}, Filter{Field: "updated_at", Operator: "=", Value: 100})
	n := 0
	for l, err := range c.Search(context.Background(), "/contacts/search", q, "updated_at", "data", 0) {
		if err != nil {
			t.Fatal(err)
		}
		n += len(l.Items)
	}
	want := []string{
		`{"query":{"operator":"OR","value":[{"field":"updated_at","operator":"\u003e","value":100},{"field":"updated_at","operator":"=","value":100}]},"sort":{"field":"updated_at","order":"ascending"},"pagination":{"per_page":150}}`,
		`{"query":{"operator":"OR","value":[{"field":"updated_at","operator":"\u003e","value":100},{"field":"updated_at","operator":"=","value":100}]},"sort":{"field":"updated_at","order":"ascending"},"pagination":{"per_page":150,"starting_after":"abc"}}`,
	}
	if n != 2 || len(bodies) != 2 || bodies[0] != want[0] || bodies[1] != want[1] {
		t.Errorf("items %d, bodies:\n%s\nwant:\n%s", n, bodies, want)
	}
	// The bodies are valid JSON with the operator intact.
	var v map[string]any
	if err := json.Unmarshal([]byte(bodies[0]), &v); err != nil || v["query"].(map[string]any)["value"].([]any)[0].(map[string]any)["operator"] != ">" {
		t.Errorf("decoded: %v %v", v, err)
	}
}

// scrollServer serves a scroll of pages of one company each; fail decides
// the answer to each request by its sequence number.
func scrollServer(t *testing.T, pages int, fail func(n int, param string) int) (*Client, *atomic.Int32) {
	var n atomic.Int32
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1))
		param := r.URL.Query().Get("scroll_param")
		if code := fail(i, param); code != 0 {
			w.WriteHeader(code)
			errCode := "server_error"
			if code == 400 && param == "" {
				errCode = "scroll_exists"
			}
			if code == 404 {
				errCode = "not_found"
			}
			fmt.Fprintf(w, `{"type":"error.list","errors":[{"code":%q,"message":"x"}]}`, errCode)
			return
		}
		page := 0
		fmt.Sscanf(param, "p%d", &page)
		if page >= pages {
			fmt.Fprint(w, `{"type":"list","data":[],"scroll_param":"end"}`)
			return
		}
		fmt.Fprintf(w, `{"type":"list","data":[{"id":"c%d"}],"scroll_param":"p%d"}`, page, page+1)
	})
	return c, &n
}

func collectScroll(c *Client, o ScrollOptions) (ids []string, restarts int, err error) {
	for p, err := range c.Scroll(context.Background(), "/companies/scroll", "data", o) {
		if err != nil {
			return ids, restarts, err
		}
		if p.Restarted {
			restarts++
		}
		for _, it := range p.Items {
			var v struct{ ID string }
			json.Unmarshal(it, &v)
			ids = append(ids, v.ID)
		}
	}
	return ids, restarts, nil
}

func TestScrollReadsToEmptyPage(t *testing.T) {
	c, n := scrollServer(t, 3, func(int, string) int { return 0 })
	ids, restarts, err := collectScroll(c, ScrollOptions{})
	if err != nil || fmt.Sprint(ids) != "[c0 c1 c2]" || restarts != 0 || n.Load() != 4 {
		t.Errorf("ids %v restarts %d err %v requests %d", ids, restarts, err, n.Load())
	}
}

func TestScrollRestartsAfterMidScrollFailure(t *testing.T) {
	for _, code := range []int{500, 404} {
		// The request for page 2 fails once (a scroll page is never retried
		// in place), then everything works: the scroll begins again.
		failed := false
		c, _ := scrollServer(t, 3, func(n int, param string) int {
			if param == "p2" && !failed {
				failed = true
				return code
			}
			return 0
		})
		ids, restarts, err := collectScroll(c, ScrollOptions{})
		if err != nil || restarts != 1 || fmt.Sprint(ids) != "[c0 c1 c0 c1 c2]" {
			t.Errorf("%d: ids %v restarts %d err %v", code, ids, restarts, err)
		}
	}
}

func TestScrollGivesUpAfterMaxRestarts(t *testing.T) {
	c, _ := scrollServer(t, 3, func(n int, param string) int {
		if param == "p1" {
			return 404
		}
		return 0
	})
	_, restarts, err := collectScroll(c, ScrollOptions{MaxRestarts: 2})
	if err == nil || restarts != 2 {
		t.Errorf("restarts %d err %v", restarts, err)
	}
}

func TestScrollWaitsWhileBusyThenGivesUp(t *testing.T) {
	c, n := scrollServer(t, 1, func(n int, param string) int {
		if n <= 2 {
			return 400
		}
		return 0
	})
	ids, _, err := collectScroll(c, ScrollOptions{BusyWait: time.Second, PollEvery: 10 * time.Millisecond})
	if err != nil || len(ids) != 1 || n.Load() != 4 {
		t.Errorf("ids %v err %v requests %d", ids, err, n.Load())
	}
	c, _ = scrollServer(t, 1, func(int, string) int { return 400 })
	_, _, err = collectScroll(c, ScrollOptions{BusyWait: 50 * time.Millisecond, PollEvery: 10 * time.Millisecond})
	if !errors.Is(err, ErrScrollBusy) {
		t.Errorf("err = %v, want ErrScrollBusy", err)
	}
}

func TestScrollSlotIsExclusive(t *testing.T) {
	c, _ := scrollServer(t, 2, func(int, string) int { return 0 })
	next, stop := iterPull(c)
	defer stop()
	if _, err, ok := next(); !ok || err != nil {
		t.Fatal("first scroll did not start")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	for _, err := range c.Scroll(ctx, "/companies/scroll", "data", ScrollOptions{}) {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("second scroll: err = %v, want it to wait for the slot", err)
		}
	}
}
