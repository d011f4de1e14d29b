package fakeintercom

import (
	"fmt"
	"time"
)

// Size selects how many records the generated workspace holds.
type Size int

// Workspace sizes. Tiny is the zero value because unit tests want fast,
// small data; benchmarks choose Large explicitly.
const (
	Tiny Size = iota
	Small
	Large
)

// String returns the flag spelling of the size.
func (s Size) String() string {
	switch s {
	case Tiny:
		return "tiny"
	case Small:
		return "small"
	case Large:
		return "large"
	}
	return fmt.Sprintf("Size(%d)", int(s))
}

// ParseSize parses "tiny", "small" or "large".
func ParseSize(v string) (Size, error) {
	for _, s := range []Size{Tiny, Small, Large} {
		if s.String() == v {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown size %q (want tiny, small or large)", v)
}

// Options configures a Server. The zero value is usable.
type Options struct {
	// Seed makes the generated workspace reproducible: equal seeds give
	// byte-identical responses.
	Seed int64
	Size Size
	// Token is the valid access token; empty means "fake-token".
	Token string
	// LimitedToken, when set, is a valid token that holds only
	// LimitedScopes, so endpoints needing another scope answer 403.
	LimitedToken  string
	LimitedScopes []string
	// RateLimit is the number of requests allowed per RateWindow;
	// 0 disables rate limiting and its headers.
	RateLimit int
	// RateWindow defaults to 10s, the period Intercom spreads its
	// per-minute limit over.
	RateWindow time.Duration
	// Latency delays every request, honouring request cancellation.
	Latency time.Duration
	// LatencyMedian, when set, adds to Latency a delay drawn for each
	// request as real Intercom's vary: lognormal around this median,
	// searches slower, a rare slow tail (see latency.go).
	LatencyMedian time.Duration
	// Clock drives rate windows, the Date header, scroll expiry and the
	// timestamps of records changed through the mutation methods; nil
	// means time.Now. Seeded data does not depend on it.
	Clock func() time.Time
	// Timezone is the app timezone reported by /me, and the zone in which
	// contact search matches dates by calendar day; empty means
	// "America/Los_Angeles".
	Timezone string
	// OAuthClientID and OAuthClientSecret identify the one app the OAuth
	// endpoints know; empty means "fake-client-id", "fake-client-secret".
	OAuthClientID, OAuthClientSecret string
	// WorkspaceName is the app name reported by /me; empty means
	// "Acme Demo Workspace".
	WorkspaceName string
}

// withDefaults fills unset options so the rest of the package never checks
// for zero values.
func (o Options) withDefaults() Options {
	if o.Token == "" {
		o.Token = "fake-token"
	}
	if o.RateWindow <= 0 {
		o.RateWindow = 10 * time.Second
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Timezone == "" {
		o.Timezone = "America/Los_Angeles"
	}
	if o.OAuthClientID == "" {
		o.OAuthClientID = "fake-client-id"
	}
	if o.OAuthClientSecret == "" {
		o.OAuthClientSecret = "fake-client-secret"
	}
	if o.WorkspaceName == "" {
		o.WorkspaceName = "Acme Demo Workspace"
	}
	return o
}
