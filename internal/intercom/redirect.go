package intercom

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirectRefused is a redirect the client will not follow: to another
// origin than the API's (the token would go there, or the request would
// fail there without it), or past maxRedirects.
var ErrRedirectRefused = errors.New("redirect refused")

const maxRedirects = 10

// checkRedirect is the client's redirect policy: the token goes only to
// the API's own scheme, host and port, so only a redirect within that
// origin is followed. A redirect to another port, host or scheme (https to
// http included) is refused with an error naming it, rather than followed
// without the token to fail there as if the token were wrong. (Go's own
// rule would send the token on when only the port or scheme changes.)
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("%w: stopped after %d redirects", ErrRedirectRefused, maxRedirects)
	}
	if !sameOrigin(req.URL, c.base) {
		req.Header.Del("Authorization") // not sent even if a caller ignores the error
		what := "another origin than the API's"
		if c.base.Scheme == "https" && req.URL.Scheme != "https" {
			what = "plain http, from https"
		}
		return fmt.Errorf("%w: %s redirects to %s://%s, %s; the token is never sent there (set api_url to the address that answers)",
			ErrRedirectRefused, via[0].URL.Path, req.URL.Scheme, req.URL.Host, what)
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
