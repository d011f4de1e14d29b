package intercom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// authSeen is a server that records whether a request carried the token.
type authSeen struct {
	hits, withAuth atomic.Int32
}

func (a *authSeen) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.hits.Add(1)
	if r.Header.Get("Authorization") != "" {
		a.withAuth.Add(1)
	}
	fmt.Fprint(w, `{"type":"list","data":[{"id":"1"}]}`)
}

func redirectTo(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
	}
}

func TestRedirectToAnotherOriginIsRefused(t *testing.T) {
	other := &authSeen{}
	otherSrv := httptest.NewServer(other) // same host (127.0.0.1), another port
	defer otherSrv.Close()
	for _, target := range []string{otherSrv.URL, strings.Replace(otherSrv.URL, "127.0.0.1", "localhost", 1)} {
		c, _ := setup(t, redirectTo(target))
		_, err := c.GetList(context.Background(), "/tags", nil, "data")
		if !errors.Is(err, ErrRedirectRefused) || !strings.Contains(err.Error(), "/tags redirects to "+target) || strings.Contains(err.Error(), "tok-secret") {
			t.Errorf("%s: err = %v, want a refused redirect naming it", target, err)
		}
	}
	if other.hits.Load() != 0 {
		t.Errorf("the other origin got %d requests", other.hits.Load())
	}
}

func TestRedirectWithinTheAPIOriginKeepsTheToken(t *testing.T) {
	var withAuth atomic.Int32
	var base string
	c, srv := setup(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			if r.Header.Get("Authorization") == "Bearer tok-secret" {
				withAuth.Add(1)
			}
			fmt.Fprint(w, `{"type":"list","data":[]}`)
			return
		}
		http.Redirect(w, r, base+"/moved", http.StatusFound)
	})
	base = srv.URL
	if _, err := c.Get(context.Background(), "/tags", nil); err != nil {
		t.Fatal(err)
	}
	if withAuth.Load() != 1 {
		t.Error("a redirect within the API's origin lost the token")
	}
}

func TestRedirectFromHTTPSToHTTPIsRefused(t *testing.T) {
	plain := &authSeen{}
	plainSrv := httptest.NewServer(plain)
	defer plainSrv.Close()
	tlsSrv := httptest.NewTLSServer(redirectTo(plainSrv.URL))
	defer tlsSrv.Close()
	c, err := New("tok-secret", WithBaseURL(tlsSrv.URL), WithHTTPClient(tlsSrv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(context.Background(), "/tags", nil)
	if !errors.Is(err, ErrRedirectRefused) || !strings.Contains(err.Error(), "plain http, from https") {
		t.Errorf("err = %v, want a refused redirect", err)
	}
	if plain.hits.Load() != 0 {
		t.Errorf("the plain-http server got %d requests", plain.hits.Load())
	}
}

func TestRedirectsThroughTheRetryingClientAreRetriedAndBounded(t *testing.T) {
	// A redirect loop stops after maxRedirects, without retries multiplying it.
	var n atomic.Int32
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.Get(ctx, "/loop", nil)
	if !errors.Is(err, ErrRedirectRefused) {
		t.Errorf("err = %v", err)
	}
	if got := n.Load(); got != maxRedirects {
		t.Errorf("%d requests, want %d", got, maxRedirects)
	}
}
