package intercom

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirectRefused is a redirect the client will not follow: to plain
// http from https (the token, or what a proxy adds, would travel in clear),
// or past maxRedirects.
var ErrRedirectRefused = errors.New("redirect refused")

const maxRedirects = 10

// checkRedirect is the client's redirect policy. The token goes only to the
// API's own scheme, host and port: a redirect elsewhere is followed without
// the Authorization header, and a redirect from https to http is refused.
// (Go's own rule keeps the header when only the port or scheme changes.)
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("%w: stopped after %d redirects", ErrRedirectRefused, maxRedirects)
	}
	prev := via[len(via)-1].URL
	if prev.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: %s redirects from https to %s://%s, which would send the request in clear", ErrRedirectRefused, prev.Path, req.URL.Scheme, req.URL.Host)
	}
	if !sameOrigin(req.URL, c.base) {
		req.Header.Del("Authorization")
	}
	return nil
}

// sameOrigin compares scheme, host and port, default ports made explicit.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// stopRedirects makes an http.Client hand redirects back to its caller, so
// that the outer client, whose policy knows the API's origin, follows them.
func stopRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
