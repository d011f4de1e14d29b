package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
)

// Failure is an error with what the platform needs: who must act
// (FailureType) and a message saying what to do.
type Failure struct {
	Type    airbyte.FailureType
	Message string // for the user: what happened and what to do
	Err     error  // the underlying error, for engineers
}

func (f *Failure) Error() string { return f.Message }
func (f *Failure) Unwrap() error { return f.Err }

// ConfigFailure wraps a problem the user must fix in config, catalog or state.
func ConfigFailure(err error) *Failure {
	return &Failure{Type: airbyte.ConfigError, Message: err.Error(), Err: err}
}

// Classify turns any error of a read or check into a Failure.
func Classify(err error, cfg *config.Config) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	var api *intercom.APIError
	var req *intercom.RequestError
	var dec *intercom.DecodeError
	switch {
	case errors.Is(err, intercom.ErrScrollBusy):
		return &Failure{Type: airbyte.TransientError, Err: err, Message: "Another app of the workspace kept the companies scroll open (Intercom allows one per app). Run the sync again when that app's export is done."}
	case errors.Is(err, intercom.ErrScrollFailed):
		return &Failure{Type: airbyte.TransientError, Err: err, Message: fmt.Sprintf("The companies scroll kept failing midway, restarts included (%v). This is usually temporary: run the sync again later.", err)}
	case errors.Is(err, intercom.ErrBodyTooLarge) && errors.As(err, &req):
		return &Failure{Type: airbyte.SystemError, Err: err, Message: fmt.Sprintf(
			"Intercom answered %s %s with a body over %d MiB, refused to keep memory bounded (bodies share %d MiB among the requests in flight: a lower num_workers allows larger ones). Retrying will not help; if a proxy sits between the connector and Intercom, check what it returns.",
			req.Method, req.Path, bodyCap(cfg)>>20, intercom.BodyBudget>>20)}
	case errors.Is(err, intercom.ErrRedirectRefused):
		return &Failure{Type: airbyte.ConfigError, Err: err, Message: fmt.Sprintf(
			"The API host (or a proxy at api_url) answered with a redirect the connector refuses to follow (%v). Check api_url and the proxy's configuration.", err)}
	case errors.Is(err, intercom.ErrNoProgress):
		return &Failure{Type: airbyte.SystemError, Err: err, Message: fmt.Sprintf(
			"Intercom's paging did not advance (%v). The stream stopped rather than read the same records forever; what it emitted before is kept. If a proxy sits at api_url, check that it passes paging parameters through.", err)}
	case errors.As(err, &api) && api.Unauthorized():
		return &Failure{Type: airbyte.ConfigError, Err: err, Message: fmt.Sprintf(
			"Intercom rejected the access token (HTTP 401 %s on %s). Check that access_token is current and not revoked, and %s.",
			api.Code, api.Path, hostAdvice(cfg))}
	case errors.As(err, &api) && api.Forbidden():
		return &Failure{Type: airbyte.ConfigError, Err: err, Message: fmt.Sprintf(
			"The access token lacks a permission needed for %s (HTTP 403 %s: %s). Grant the app the matching read permission in Intercom's Developer Hub, or remove the stream from the connection.",
			api.Path, api.Code, api.Message)}
	case errors.As(err, &api) && api.Temporary():
		return &Failure{Type: airbyte.TransientError, Err: err, Message: fmt.Sprintf(
			"Intercom kept failing on %s %s (HTTP %d %s) after retries. This is usually temporary: run the sync again later.",
			api.Method, api.Path, api.StatusCode, api.Code)}
	case errors.As(err, &api):
		return &Failure{Type: airbyte.SystemError, Err: err, Message: fmt.Sprintf(
			"Intercom refused %s %s: HTTP %d %s: %s", api.Method, api.Path, api.StatusCode, api.Code, api.Message)}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &Failure{Type: airbyte.TransientError, Err: err, Message: "The sync was interrupted before this work finished; the next sync resumes from the last checkpoint."}
	case errors.As(err, &req):
		return &Failure{Type: airbyte.TransientError, Err: err, Message: fmt.Sprintf(
			"Could not get an answer from Intercom for %s %s after retries: %v. Check the network, the region and api_url; if they are right, run the sync again later.",
			req.Method, req.Path, req.Err)}
	case errors.As(err, &dec):
		return &Failure{Type: airbyte.SystemError, Err: err, Message: fmt.Sprintf(
			"Intercom answered %s with a body this connector cannot read: %v", dec.Path, dec.Err)}
	}
	return &Failure{Type: airbyte.SystemError, Err: err, Message: err.Error()}
}

// bodyCap is the cap of one response body under cfg.
func bodyCap(cfg *config.Config) int64 {
	if cfg == nil {
		cfg = &config.Config{} // the defaults
	}
	return cfg.BodyCap()
}

// hostAdvice names where the token was sent: api_url when set, else the region.
func hostAdvice(cfg *config.Config) string {
	switch {
	case cfg != nil && cfg.APIURL != "":
		return fmt.Sprintf("that api_url (%s) leads to the Intercom host of the token's workspace", cfg.APIURL)
	case cfg != nil:
		return fmt.Sprintf("that region (%s) is where the workspace is hosted: a token of an EU or AU workspace is refused by the US host", cfg.Region)
	}
	return "that region is where the workspace is hosted"
}

// Internal is the underlying error's text, for the trace's internal_message.
func (f *Failure) Internal() string { return errString(f.Err) }

// panicError is a recovered panic: a bug, reported as a system error with its stack.
type panicError struct {
	value any
	stack string
}

func (p *panicError) Error() string { return fmt.Sprintf("internal error: %v", p.value) }

func stackOf(err error) string {
	var p *panicError
	if errors.As(err, &p) {
		return p.stack
	}
	return ""
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
