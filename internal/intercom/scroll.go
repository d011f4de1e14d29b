package intercom

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// ScrollOptions bounds the waiting and restarting of a scroll.
type ScrollOptions struct {
	// BusyWait is how long to wait for another client's scroll to free
	// (Intercom allows one per app; an unused one expires after a minute).
	BusyWait time.Duration // default 3m
	// PollEvery is the pause between attempts while the scroll is busy.
	PollEvery time.Duration // default 10s
	// MaxRestarts bounds restarts after a failure mid-scroll.
	MaxRestarts int // default 3
	// Wait, if set, is handed each pause between polls of a busy scroll.
	Wait WaitFunc
}

// ErrScrollBusy means another client kept the app's only scroll open.
var ErrScrollBusy = errors.New("another client holds the app's scroll")

// ErrScrollFailed means the scroll kept failing midway, restarts included.
var ErrScrollFailed = errors.New("the scroll kept failing midway")

// Scroll iterates GET path (companies/scroll) with scroll_param until a page
// comes back empty. Intercom allows one open scroll per app: Scroll holds
// the client's scroll slot for the whole iteration, waits (bounded) while
// another client holds the app's scroll (HTTP 400 scroll_exists), and
// restarts from the beginning when the scroll fails midway (a 5xx, or an
// expired or unknown scroll_param). After a restart the first yielded page
// has Restarted set: items may then come a second time.
func (c *Client) Scroll(ctx context.Context, path, key string, o ScrollOptions) iter.Seq2[*ScrollPage, error] {
	ctx = inChain(ctx)
	if o.BusyWait == 0 {
		o.BusyWait = 3 * time.Minute
	}
	if o.PollEvery == 0 {
		o.PollEvery = 10 * time.Second
	}
	if o.MaxRestarts == 0 {
		o.MaxRestarts = 3
	}
	return func(yield func(*ScrollPage, error) bool) {
		select {
		case c.scrollSlot <- struct{}{}:
			defer func() { <-c.scrollSlot }()
		case <-ctx.Done():
			yield(nil, ctx.Err())
			return
		}
		restarts := 0
		for {
			err := c.scrollOnce(ctx, path, key, o, restarts > 0, yield)
			if err == nil || errors.Is(err, errStop) {
				return
			}
			var rs *restartError
			if !errors.As(err, &rs) || restarts >= o.MaxRestarts {
				if rs != nil {
					err = fmt.Errorf("%w: %d times, giving up: %w", ErrScrollFailed, restarts+1, rs.err)
				}
				yield(nil, err)
				return
			}
			restarts++
		}
	}
}

// ScrollPage is one page of a scroll.
type ScrollPage struct {
	*List
	// Restarted marks the first page after the scroll began again.
	Restarted bool
}

var errStop = errors.New("consumer stopped")

// restartError is a mid-scroll failure after which the scroll must begin again.
type restartError struct{ err error }

func (e *restartError) Error() string { return e.err.Error() }

func (c *Client) scrollOnce(ctx context.Context, path, key string, o ScrollOptions, restarted bool, yield func(*ScrollPage, error) bool) error {
	first, err := c.openScroll(ctx, path, key, o)
	if err != nil {
		return err
	}
	// The scroll_param stays the same for a whole scroll: only its pages
	// can show that it does not advance.
	guard := newProgress(path)
	l, err := guard.checked(first, nil)
	if err != nil {
		return err
	}
	for {
		if !yield(&ScrollPage{List: l, Restarted: restarted}, nil) {
			return errStop
		}
		restarted = false
		if len(l.Items) == 0 || l.ScrollParam == "" {
			return nil
		}
		next, err := c.GetList(sendOnce(ctx), path, url.Values{"scroll_param": {l.ScrollParam}}, key)
		if err != nil {
			if ctx.Err() == nil && midScrollFailure(err) {
				return &restartError{err: err}
			}
			return err
		}
		if l, err = guard.checked(next, nil); err != nil {
			return err
		}
	}
}

// openScroll starts a scroll, waiting while another client holds it: a
// pause of PollEvery between attempts, as many as fit in BusyWait.
func (c *Client) openScroll(ctx context.Context, path, key string, o ScrollOptions) (*List, error) {
	for paused := time.Duration(0); ; paused += o.PollEvery {
		l, err := c.GetList(ctx, path, nil, key)
		var api *APIError
		if !errors.As(err, &api) || api.Code != "scroll_exists" {
			return l, err
		}
		if paused+o.PollEvery > o.BusyWait {
			return nil, fmt.Errorf("%w: still busy after %s (%v)", ErrScrollBusy, o.BusyWait, err)
		}
		if err := pause(ctx, o.PollEvery, o.Wait); err != nil {
			return nil, err
		}
	}
}

// midScrollFailure reports errors after which the scroll cannot continue:
// server errors (Intercom asks to restart), a scroll_param it no longer
// knows (expired), and a lost or unreadable answer (the page may have been
// served: asking again would skip it).
func midScrollFailure(err error) bool {
	var req *RequestError
	var dec *DecodeError
	if errors.As(err, &req) || errors.As(err, &dec) {
		return true
	}
	var api *APIError
	if !errors.As(err, &api) {
		return false
	}
	switch {
	case api.Unauthorized(), api.Forbidden(), api.StatusCode == http.StatusTooManyRequests:
		return false
	case api.StatusCode >= 500, api.StatusCode == http.StatusNotFound, api.StatusCode == http.StatusBadRequest, retriedStatus(api.StatusCode):
		return true
	}
	return false
}
