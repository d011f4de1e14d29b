// Package intercom is a client of Intercom's REST API (version 2.16 unless
// WithVersion pins another): auth, regions, the version header, pagination
// shapes and typed errors. It knows nothing of Airbyte. Retries are not its
// business: give it an *http.Client that retries (NewHTTPClient) from outside.
package intercom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Version is the Intercom API version requests pin unless WithVersion
// chooses another.
const Version = "2.16"

// DefaultMaxBodyBytes caps a response body so a broken or hostile server
// cannot exhaust memory. The largest real pages (a conversation with 500
// parts) are a few MB.
const DefaultMaxBodyBytes = 64 << 20

// BodyBudget is what the bodies of all requests in flight may hold at once:
// the cap of one body shrinks as concurrency grows (BodyCap).
const BodyBudget = 1 << 30

// BodyCap is the cap of one response body for a client with concurrency
// requests in flight: BodyBudget shared out in whole MiB, at most
// DefaultMaxBodyBytes, so the bodies in flight never hold more than the
// budget (4 MiB at the default ceiling of 208 requests, 64 MiB at 16 or
// fewer; the largest real pages, a conversation with 500 parts, are a
// few MB).
func BodyCap(concurrency int) int64 {
	perBody := BodyBudget / int64(max(concurrency, 1)) >> 20 << 20
	return max(1<<20, min(DefaultMaxBodyBytes, perBody))
}

// Regional API hosts. Intercom hosts each workspace in one region.
var regions = map[string]string{
	"us": "https://api.intercom.io",
	"eu": "https://api.eu.intercom.io",
	"au": "https://api.au.intercom.io",
}

// RegionURL returns the API base URL of a region: us, eu or au.
func RegionURL(region string) (string, error) {
	u, ok := regions[strings.ToLower(region)]
	if !ok {
		return "", fmt.Errorf("unknown region %q (want us, eu or au)", region)
	}
	return u, nil
}

// Client calls Intercom's API with one access token.
type Client struct {
	base    *url.URL
	token   string
	hc      *http.Client
	maxBody int64
	agent   string
	version string
	// scrollSlot holds this client's one scroll: Intercom allows one per app.
	scrollSlot chan struct{}
}

// Option configures a Client.
type Option func(*Client) error

// WithBaseURL overrides the API base URL (proxies, tests). Plain http is
// accepted only for loopback hosts so a token never crosses a network in clear.
func WithBaseURL(raw string) Option {
	return func(c *Client) error {
		u, err := ParseBaseURL(raw)
		if err != nil {
			return err
		}
		c.base = u
		return nil
	}
}

// WithHTTPClient sets the HTTP client, typically one from NewHTTPClient.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error { c.hc = hc; return nil }
}

// WithMaxBodyBytes caps the size of a response body.
func WithMaxBodyBytes(n int64) Option {
	return func(c *Client) error { c.maxBody = n; return nil }
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.agent = ua; return nil }
}

// WithVersion pins another Intercom API version (the Intercom-Version
// header), e.g. "2.11". Responses then come in that version's shapes.
func WithVersion(v string) Option {
	return func(c *Client) error {
		if v != "" {
			c.version = v
		}
		return nil
	}
}

// New returns a client for token, on the US region unless an option says otherwise.
func New(token string, opts ...Option) (*Client, error) {
	if token == "" {
		return nil, errors.New("intercom: empty access token")
	}
	base, _ := url.Parse(regions["us"])
	c := &Client{base: base, token: token, hc: http.DefaultClient, maxBody: DefaultMaxBodyBytes, agent: "source-intercom", version: Version, scrollSlot: make(chan struct{}, 1)}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	// The redirect policy needs the base URL: set it on a copy, so the
	// caller's client is left as it was.
	hc := *c.hc
	hc.CheckRedirect = c.checkRedirect
	c.hc = &hc
	return c, nil
}

// ParseBaseURL validates an API base URL: https, or http to a loopback host.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute URL like https://api.intercom.io", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("plain http is refused for %q: the token would cross the network unencrypted; use https (http is allowed only for localhost or 127.0.0.1)", u.Host)
		}
	default:
		return nil, fmt.Errorf("%q has scheme %q; want https", raw, u.Scheme)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not carry a query or fragment", raw)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the base URL the client calls.
func (c *Client) BaseURL() string { return c.base.String() }

// Get fetches path (relative to the base URL, or an absolute URL on the same
// host, as Intercom's pages.next links are) and returns the body of a 2xx.
func (c *Client) Get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	r, err := c.do(ctx, http.MethodGet, path, q, nil)
	return r.body, err
}

func (c *Client) post(ctx context.Context, path string, body any) (response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return response{}, fmt.Errorf("encode request body: %w", err)
	}
	return c.do(ctx, http.MethodPost, path, nil, b)
}

// response is a 2xx answer: its body and the server's clock.
type response struct {
	body []byte
	date time.Time
	// valid: the body was already checked to be JSON (by wholeBody).
	valid bool
}

func (c *Client) do(ctx context.Context, method, path string, q url.Values, body []byte) (response, error) {
	u, err := c.resolve(path, q)
	if err != nil {
		return response{}, err
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return response{}, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Intercom-Version", c.version)
	req.Header.Set("User-Agent", c.agent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return response{}, &RequestError{Method: method, Path: u.Path, Err: err}
	}
	defer resp.Body.Close()
	data, valid, err := readAll(resp, c.maxBody)
	if errors.Is(err, ErrBodyTooLarge) {
		return response{}, &RequestError{Method: method, Path: u.Path, Err: fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, c.maxBody)}
	}
	if err != nil {
		return response{}, &RequestError{Method: method, Path: u.Path, Err: fmt.Errorf("read response body: %w", err)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return response{}, parseAPIError(method, u.Path, resp, data)
	}
	date, _ := http.ParseTime(resp.Header.Get("Date"))
	return response{body: data, date: date, valid: valid}, nil
}

// readAll reads the body, reusing what wholeBody already read and checked
// rather than copying and validating it a second time. A body over limit
// is ErrBodyTooLarge.
func readAll(resp *http.Response, limit int64) ([]byte, bool, error) {
	if rb, ok := resp.Body.(readBody); ok {
		if rb.tooLarge || int64(len(rb.data)) > limit {
			return nil, false, ErrBodyTooLarge
		}
		return rb.data, rb.json, nil
	}
	data, err := readCapped(resp.Body, resp.ContentLength, limit)
	return data, false, err
}

// resolve builds the request URL. Absolute URLs (Intercom's pages.next
// links) must name the base URL's origin or an Intercom API host, and are
// rebased onto the base URL: behind a proxy, a link naming the upstream
// host or missing the proxy's path prefix still reaches the proxy. The
// token is never sent anywhere else.
func (c *Client) resolve(path string, q url.Values) (*url.URL, error) {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		u, err := url.Parse(path)
		if err != nil {
			return nil, fmt.Errorf("bad next-page URL %q: %w", path, err)
		}
		own := sameOrigin(u, c.base)
		if !own && !isRegionHost(u) {
			return nil, fmt.Errorf("refusing to follow a link to %s://%s: it is not the API host %s", u.Scheme, u.Host, c.base.Host)
		}
		r := *c.base
		prefix := strings.TrimRight(c.base.Path, "/")
		r.Path, r.RawPath, r.RawQuery = u.Path, "", u.RawQuery
		if !own || !(u.Path == prefix || strings.HasPrefix(u.Path, prefix+"/")) {
			r.Path = prefix + u.Path
		}
		return mergeQuery(&r, q), nil
	}
	u := *c.base
	p, rawq, _ := strings.Cut(path, "?")
	u.Path = strings.TrimRight(c.base.Path, "/") + p
	u.RawQuery = rawq
	return mergeQuery(&u, q), nil
}

// isRegionHost reports an https URL on one of Intercom's regional API hosts.
func isRegionHost(u *url.URL) bool {
	for _, r := range regions {
		if ru, _ := url.Parse(r); sameOrigin(u, ru) {
			return true
		}
	}
	return false
}

func mergeQuery(u *url.URL, q url.Values) *url.URL {
	if len(q) == 0 {
		return u
	}
	all := u.Query()
	for k, vs := range q {
		all[k] = vs
	}
	u.RawQuery = all.Encode()
	return u
}
